package config

import (
	"fmt"
	"reflect"
)

// Redacted returns the settings as name → value for the startup log, with
// every secret replaced so that tokens and keys never reach a log.
func (c Config) Redacted() map[string]string {
	out := map[string]string{}
	v := reflect.ValueOf(c)
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("envconfig")
		val := fmt.Sprint(v.Field(i).Interface())
		if f.Tag.Get("secret") == "true" {
			if val != "" {
				val = "[redacted]"
			}
		}
		out[name] = val
	}
	return out
}
