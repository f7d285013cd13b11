package workflows

import (
	"fmt"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// ApprovalWhy is the one owner of the two-person rule: it says why a boost
// to trus lasting length (0: no end time) needs an approver's approval, ""
// when it does not; a negative length is a permanent change, to which the
// length rule does not apply. requested marks a request from someone who may not
// boost themselves (ALLOW_BOOST_REQUESTS), which always needs one.
func (p Policy) ApprovalWhy(trus float64, length time.Duration, requested bool) string {
	switch {
	case requested:
		return "requested by someone who may not boost without an approver"
	case p.ApprovalAboveTRUs > 0 && trus > p.ApprovalAboveTRUs:
		return fmt.Sprintf("more than %s", capacity.FormatTRUs(p.ApprovalAboveTRUs))
	case p.ApprovalLongerThan > 0 && length == 0:
		return fmt.Sprintf("no end time, and boosts longer than %s need approval", humanize.Duration(p.ApprovalLongerThan))
	case p.ApprovalLongerThan > 0 && length > p.ApprovalLongerThan:
		return fmt.Sprintf("longer than %s", humanize.Duration(p.ApprovalLongerThan))
	}
	return ""
}
