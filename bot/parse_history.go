package bot

import (
	"strings"
	"time"
)

// DefaultHistorySince is how far back /capacity history looks when the
// command does not say: a month, the span a bill covers.
const DefaultHistorySince = 30 * 24 * time.Hour

const historyUsage = "/capacity history [namespace-glob] [since <duration>]"

// parseHistory reads "history [ns-glob] [since 30d]".
func parseHistory(args []token) (Command, error) {
	c := Command{Kind: KindHistory, Since: DefaultHistorySince}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.EqualFold(a.text, "since") {
			if i+1 >= len(args) {
				return Command{}, usageErr(KindHistory, "Say how far back after since, like since 7d.")
			}
			d, err := parseDuration(KindHistory, args[i+1].text)
			if err != nil {
				return Command{}, err
			}
			c.Since = d
			i++
			continue
		}
		if len(c.Globs) > 0 {
			return Command{}, usageErr(KindHistory, "history takes at most one namespace glob, then since <duration>.")
		}
		g, err := parseGlob(KindHistory, a.text)
		if err != nil {
			return Command{}, err
		}
		c.Globs = []string{g}
	}
	return c, nil
}
