package config

import "github.com/capacitybot/capacitybot/clients/simcloud"

// SimKey is the simulated cloud's Cloud Ops key identity that SIM_KEY_ROLE,
// SIM_KEY_NAMESPACE_ACCESS and SIM_KEY_EXPIRES_IN describe; the words they
// accept are simcloud's.
func (c Config) SimKey() (simcloud.KeyIdentity, error) {
	return simcloud.ParseKeyIdentity(c.SimKeyRole, c.SimKeyNamespaceAccess, c.SimKeyExpiresIn)
}
