package config

import "reflect"

// EnvNames lists the environment variables the bot reads, from the Config
// fields' envconfig tags, so that a check (such as "no reply names a
// setting") can never fall behind a new setting.
func EnvNames() []string {
	t := reflect.TypeOf(Config{})
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		if name := t.Field(i).Tag.Get("envconfig"); name != "" {
			names = append(names, name)
		}
	}
	return names
}
