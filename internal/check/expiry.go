package check

import (
	"fmt"
	"math"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// ExpiryWarning is how close to its expiry a key is reported as a warning.
const ExpiryWarning = 14 * 24 * time.Hour

// DaysToExpiry is how many days (fractional) are left before the key
// expires, and false when it never expires or the API did not say.
func DaysToExpiry(id clients.Identity, now time.Time) (float64, bool) {
	if id.KeyExpiry.IsZero() {
		return 0, false
	}
	return id.KeyExpiry.Sub(now).Hours() / 24, true
}

// expiryResult says when the key expires: a failure once expired or
// disabled, a warning within ExpiryWarning.
func expiryResult(id clients.Identity, now time.Time) Result {
	fix := "create a new API key for the same " + string(id.Kind) + " and set TEMPORAL_CLOUD_OPS_API_KEY"
	if id.KeyDisabled {
		return fail(fix, "the key %s is disabled", id.KeyID)
	}
	days, known := DaysToExpiry(id, now)
	switch {
	case !known:
		return ok("the key has no expiry date")
	case days <= 0:
		return fail(fix, "the key expired on %s", humanize.Date(id.KeyExpiry))
	case id.KeyExpiry.Sub(now) <= ExpiryWarning:
		return warn(fix+" before "+humanize.Date(id.KeyExpiry)+": once it expires, boosts can no longer be reverted",
			"the key expires in %s, on %s", daysWords(days), humanize.Date(id.KeyExpiry))
	}
	return ok("the key expires in %s, on %s", daysWords(days), humanize.Date(id.KeyExpiry))
}

func daysWords(days float64) string {
	if days < 1 {
		return "less than a day"
	}
	n := int(math.Round(days))
	return fmt.Sprintf("%d %s", n, humanize.Plural(n, "day", "days"))
}
