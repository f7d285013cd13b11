package config

import (
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients/simcloud"
)

// SimLabelForm is SIM_METRICS_LABEL_FORM as the simulated cloud takes it;
// unset (settings built in code) is the default, namespace IDs.
func (c Config) SimLabelForm() capacity.NameForm {
	if c.SimMetricsLabelForm == "" {
		return capacity.FormID
	}
	return capacity.NameForm(c.SimMetricsLabelForm)
}

// validateSimulator checks the simulated cloud's settings.
func (c Config) validateSimulator(bad func(name, format string, args ...any)) {
	switch c.SimLabelForm() {
	case capacity.FormID, capacity.FormName:
	default:
		bad("SIM_METRICS_LABEL_FORM", "must be %s (namespace IDs such as payments.acct) or %s (bare names such as payments), got %q",
			capacity.FormID, capacity.FormName, c.SimMetricsLabelForm)
	}
	if c.SimNamespaces != 0 {
		if err := simcloud.CheckAccountSize(c.SimNamespaces); err != nil {
			bad("SIM_NAMESPACES", "%v", err)
		}
	}
}

// SimAccount is the simulated account SIM_NAMESPACES describes; unset
// (settings built in code) is the demo.
func (c Config) SimAccount() (simcloud.Account, error) {
	if c.SimNamespaces == 0 {
		return simcloud.DemoAccount(), nil
	}
	return simcloud.LargeAccount(c.SimNamespaces, simcloud.DemoSeed)
}
