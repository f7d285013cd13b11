package check

import (
	"context"
	"errors"

	"github.com/capacitybot/capacitybot/internal/config"
)

// Settings reports the start-up validation's verdict on the settings: err is
// what config.Load returned (nil: valid). Each invalid setting is a failure
// line naming the variable.
func Settings(err error) Check {
	return Check{Part: "settings", Cheap: true, Run: func(context.Context) []Result {
		if err == nil {
			return []Result{ok("loaded and valid")}
		}
		var out []Result
		for _, e := range leaves(err) {
			var se *config.SettingError
			if errors.As(e, &se) {
				out = append(out, fail("set "+se.Name+" as .env.example and the README's Settings table describe",
					"%s %s", se.Name, se.Problem))
				continue
			}
			out = append(out, fail("correct the setting named in the message (.env.example describes each)", "%v", e))
		}
		return out
	}}
}

// leaves unpacks errors.Join's tree into its parts.
func leaves(err error) []error {
	if j, isJoin := err.(interface{ Unwrap() []error }); isJoin {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leaves(e)...)
		}
		return out
	}
	return []error{err}
}
