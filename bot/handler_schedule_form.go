package bot

import (
	"context"
	"strings"

	"github.com/capacitybot/capacitybot/internal/humanize"
)

// ScheduleForm is a recurring boost as the Slack form submits it.
type ScheduleForm struct {
	Namespace string
	TRUs      float64
	Days      []string // day words as parseDays reads them ("mon", "tue", …)
	Start     string   // "HH:MM"
	End       string   // "HH:MM"
	TimeZone  string
	Reason    string
}

// AddSchedule creates a recurring boost from the form, with the same checks
// as the typed command (channel, the caller's right to change capacity,
// namespace, TRUs, window, time zone) and the same audit line. The reply is
// Refused when nothing was created.
func (h *Handler) AddSchedule(ctx context.Context, c Caller, f ScheduleForm) Reply {
	kind := string(KindSchedule)
	return h.finish(c, kind, h.addScheduleForm(ctx, c, f))
}

func (h *Handler) addScheduleForm(ctx context.Context, c Caller, f ScheduleForm) result {
	if d := h.o.Auth.ChannelDenial(c.ChannelID); d != nil {
		return denied(d)
	}
	if d := h.o.Auth.ChangeDenial(ctx, c.UserID, f.Namespace); d != nil {
		r := denied(d)
		r.namespace = f.Namespace
		return r
	}
	ns, err := parseNamespace(KindSchedule, f.Namespace)
	if err != nil {
		return refused(outcomeUsage, err.(*UsageError).Message)
	}
	if len(f.Days) == 0 {
		return refused(outcomeUsage, "Pick at least one day.")
	}
	days, err := parseDays(strings.Join(f.Days, ","))
	if err != nil {
		return refused(outcomeUsage, upperFirst(err.Error())+".")
	}
	if f.Start == "" || f.End == "" || f.Start == f.End {
		return refused(outcomeUsage, "Pick a start and an end time, different from each other.")
	}
	zone := "UTC"
	if f.TimeZone != "" {
		z, isZone, err := parseZone(f.TimeZone)
		switch {
		case err != nil:
			return refused(outcomeUsage, upperFirst(err.Error())+".")
		case !isZone:
			return refused(outcomeUsage, "\""+humanize.Clip(f.TimeZone, 40)+"\" is not a time zone: use an IANA name such as Europe/Paris, or UTC.")
		}
		zone = z
	}
	reason := ""
	if f.Reason != "" {
		if reason, err = parseReason(f.Reason); err != nil {
			return refused(outcomeUsage, err.(*UsageError).Message)
		}
	}
	cmd := Command{Kind: KindSchedule, Namespace: ns, TRUs: f.TRUs, Reason: reason,
		Schedule: ScheduleCommand{Op: ScheduleAdd, Days: days, Start: f.Start, End: f.End, TimeZone: zone}}
	if h.o.Schedules == nil {
		return refused(outcomeRefused, "Schedules are not available: this bot has no schedule engine.")
	}
	return h.scheduleBoost(ctx, c, cmd)
}
