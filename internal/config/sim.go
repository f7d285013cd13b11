package config

import (
	"fmt"

	"github.com/capacitybot/capacitybot/clients/simcloud"
)

// SimKey is the simulated cloud's Cloud Ops key identity that SIM_KEY_ROLE,
// SIM_KEY_NAMESPACE_ACCESS and SIM_KEY_EXPIRES_IN describe; the words they
// accept are simcloud's.
func (c Config) SimKey() (simcloud.KeyIdentity, error) {
	return simcloud.ParseKeyIdentity(c.SimKeyRole, c.SimKeyNamespaceAccess, c.SimKeyExpiresIn)
}

// validateSimKey names the one SIM_KEY_* setting simcloud refuses.
func (c Config) validateSimKey(bad func(name, format string, args ...any)) {
	for _, s := range []struct {
		name  string
		parse func() error
	}{
		{"SIM_KEY_ROLE", func() error { _, err := simcloud.ParseKeyIdentity(c.SimKeyRole, nil, 0); return err }},
		{"SIM_KEY_NAMESPACE_ACCESS", func() error { _, err := simcloud.ParseKeyIdentity("", c.SimKeyNamespaceAccess, 0); return err }},
		{"SIM_KEY_EXPIRES_IN", func() error { _, err := simcloud.ParseKeyIdentity("", nil, c.SimKeyExpiresIn); return err }},
	} {
		if err := s.parse(); err != nil {
			bad(s.name, "%s", fmt.Sprint(err))
		}
	}
}
