package config

import "github.com/capacitybot/capacitybot/capacity"

// Scopes is BOOST_SCOPES read: who may change which namespaces. Validate
// has refused a setting that does not parse, so none is returned then.
func (c Config) Scopes() capacity.Scopes {
	s, err := capacity.ParseScopes(c.BoostScopes)
	if err != nil {
		return nil
	}
	return s
}
