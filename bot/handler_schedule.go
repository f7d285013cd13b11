package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// scheduleHelpText is the answer to a bare "/capacity schedule".
func scheduleHelpText() string {
	return "Recurring boosts and scheduled reports:\n" +
		"• `" + scheduleAddUsage + "`\n    e.g. `" + scheduleAddExample + "`\n" +
		"• `" + reportUsage + "`\n    e.g. `" + reportExample + "`\n" +
		"• `" + scheduleManageUsage + "`\n" +
		"Days: weekdays, weekends, daily, monday, mon,wed,fri or mon-thu. Times are local to the time zone (default UTC), daylight saving included."
}

// schedule runs a schedule command. The caller was already checked: every
// schedule command needs the right to change capacity.
func (h *Handler) schedule(ctx context.Context, c Caller, cmd Command) result {
	sc := cmd.Schedule
	if sc.Op == ScheduleHelp {
		return result{reply: Reply{Text: scheduleHelpText()}, outcome: outcomeOK}
	}
	if h.o.Schedules == nil {
		return refused(outcomeRefused, "Schedules are not available: this bot has no schedule engine.")
	}
	switch sc.Op {
	case ScheduleOpForm:
		return result{reply: Reply{OpenScheduleModal: true,
			Text: "The schedule form needs Slack; use the one-line form:\n  " + scheduleAddUsage}, outcome: outcomeOK}
	case ScheduleAdd:
		return h.scheduleBoost(ctx, c, cmd)
	case ScheduleAddReport:
		return h.scheduleReport(ctx, c, cmd)
	case ScheduleList:
		return h.listSchedules(ctx)
	case SchedulePause, ScheduleResume, ScheduleDelete:
		return h.manageSchedule(ctx, c, sc)
	}
	return refused(outcomeUsage, scheduleHelpText())
}

func (h *Handler) scheduleBoost(ctx context.Context, c Caller, cmd Command) result {
	sc := cmd.Schedule
	all, err := h.o.Cloud.ListNamespaces(ctx)
	if err != nil {
		return failed("Could not list the namespaces in Temporal Cloud; please try again shortly.", fmt.Errorf("listing namespaces: %w", err))
	}
	ns, err := resolveNamespace(cmd.Namespace, all, h.o.Policy.Filter.Allowed)
	if err != nil {
		r := refused(outcomeRefused, "Schedule refused: "+upperFirst(err.Error())+".")
		r.namespace = cmd.Namespace
		return r
	}
	now := h.o.Now()
	from, to, err := capacity.ScheduledWindow(now, sc.Start, sc.End, sc.TimeZone)
	if err != nil {
		return refused(outcomeUsage, "Schedule refused: "+err.Error()+".")
	}
	info, err := h.o.Cloud.GetCapacityInfo(ctx, ns)
	if err != nil {
		return failed("Could not read the valid TRU values of "+ns+"; please try again shortly.", fmt.Errorf("reading the capacity options of %s: %w", ns, err))
	}
	// The same rules as a boost, checked now for a quick answer (each run's
	// boost checks them again): allowed namespace, valid TRUs within
	// MAX_TRUS, a window within MAX_BOOST_DURATION.
	probe := workflows.BoostRequest{Namespace: ns, TRUs: cmd.TRUs, End: now.Add(to.Sub(from)), Requester: c.UserID, Channel: c.ChannelID}
	neutral := clients.NamespaceCapacity{Namespace: ns, Current: clients.OnDemand()}
	if err := h.validate(probe, neutral, info, h.o.Policy, now); err != nil {
		var refusal *workflows.RefusalError
		if errors.As(err, &refusal) {
			r := refused(outcomeRefused, "Schedule refused: "+refusal.Message)
			r.namespace = ns
			return r
		}
		return failed("Could not check the schedule: "+err.Error(), err)
	}
	sb := workflows.ScheduledBoost{
		Namespace: ns, TRUs: cmd.TRUs, Days: sc.Days, Start: sc.Start, End: sc.End, TimeZone: sc.TimeZone,
		Reason: cmd.Reason, Requester: c.UserID, Channel: c.ChannelID,
	}
	info2, err := h.o.Schedules.CreateBoostSchedule(ctx, sb)
	if errors.Is(err, ErrScheduleExists) {
		r := refused(outcomeRefused, fmt.Sprintf("This recurring boost already exists (`%s`); see `/capacity schedule list`.", workflows.ScheduleBoostID(sb)))
		r.namespace = ns
		return r
	}
	if err != nil {
		return failed("Could not create the schedule; please try again shortly.", fmt.Errorf("creating the recurring boost of %s: %w", ns, err))
	}
	text := fmt.Sprintf("Recurring boost created: %s to %s %s %s-%s %s (`%s`). Each run reports in its own thread here.",
		ns, humanize.Number(cmd.TRUs), capacity.DaysString(sc.Days), sc.Start, sc.End, capacity.ZoneName(sc.TimeZone), info2.ID)
	if !info2.Next.IsZero() {
		text += " Next run: " + humanize.Time(info2.Next, now) + "."
	}
	text += h.costNote(cmd.TRUs, to.Sub(from), "per run")
	if why := h.o.Policy.ApprovalWhy(cmd.TRUs, to.Sub(from), false); why != "" {
		held, err := h.holdForApproval(ctx, info2.ID, why)
		if err != nil {
			// Not paused: each run's boost then asks for approval itself.
			return failed(text+"\nIt needs approval ("+why+") but could not be paused to wait for it; each run will ask for approval in its thread.", err)
		}
		text += held
	}
	return result{reply: Reply{Text: text, InChannel: true}, outcome: outcomeOK, namespace: ns}
}

func (h *Handler) scheduleReport(ctx context.Context, c Caller, cmd Command) result {
	sc := cmd.Schedule
	sr := workflows.ScheduledReport{Globs: cmd.Globs, Days: sc.Days, At: sc.Start, TimeZone: sc.TimeZone, Requester: c.UserID, Channel: c.ChannelID}
	info, err := h.o.Schedules.CreateReportSchedule(ctx, sr)
	if errors.Is(err, ErrScheduleExists) {
		return refused(outcomeRefused, fmt.Sprintf("This scheduled report already exists (`%s`); see `/capacity schedule list`.", workflows.ScheduleReportID(sr)))
	}
	if err != nil {
		return failed("Could not create the scheduled report; please try again shortly.", fmt.Errorf("creating a scheduled report: %w", err))
	}
	what := "all namespaces"
	if len(cmd.Globs) > 0 {
		what = strings.Join(cmd.Globs, " ")
	}
	text := fmt.Sprintf("Scheduled report created: the analysis of %s will be posted here %s at %s %s (`%s`).",
		what, capacity.DaysString(sc.Days), sc.Start, capacity.ZoneName(sc.TimeZone), info.ID)
	if !info.Next.IsZero() {
		text += " Next: " + humanize.Time(info.Next, h.o.Now()) + "."
	}
	return result{reply: Reply{Text: text, InChannel: true}, outcome: outcomeOK}
}

func (h *Handler) listSchedules(ctx context.Context) result {
	list, err := h.o.Schedules.ListSchedules(ctx)
	if err != nil {
		return failed("Could not list the schedules; please try again shortly.", fmt.Errorf("listing schedules: %w", err))
	}
	if len(list) == 0 {
		return result{reply: Reply{Text: "No recurring boosts or scheduled reports. " + "Create one with `" + scheduleAddExample + "`."}, outcome: outcomeOK}
	}
	now := h.o.Now()
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s:\n", len(list), humanize.Plural(len(list), "schedule", "schedules"))
	for _, s := range list {
		b.WriteString("• " + DescribeSchedule(s))
		fmt.Fprintf(&b, " · `%s`", s.ID)
		switch {
		case s.Paused:
			b.WriteString(" · paused")
			if s.Note != "" {
				b.WriteString(" (" + s.Note + ")")
			}
		case !s.Next.IsZero():
			b.WriteString(" · next " + humanize.Time(s.Next, now))
		}
		b.WriteString("\n")
	}
	return result{reply: Reply{Text: strings.TrimSuffix(b.String(), "\n")}, outcome: outcomeOK}
}

// DescribeSchedule says what a schedule does, in a line: the schedule
// list and the App Home tab show it.
func DescribeSchedule(s ScheduleInfo) string {
	switch {
	case s.Boost != nil:
		sb := s.Boost
		return fmt.Sprintf("boost %s to %s %s %s-%s %s", sb.Namespace, capacity.FormatTRUs(sb.TRUs), capacity.DaysString(sb.Days), sb.Start, sb.End, capacity.ZoneName(sb.TimeZone))
	case s.Report != nil:
		sr := s.Report
		what := "all namespaces"
		if len(sr.Globs) > 0 {
			what = strings.Join(sr.Globs, " ")
		}
		return fmt.Sprintf("report of %s %s at %s %s to <#%s>", what, capacity.DaysString(sr.Days), sr.At, capacity.ZoneName(sr.TimeZone), sr.Channel)
	}
	return "schedule"
}

func (h *Handler) manageSchedule(ctx context.Context, c Caller, sc ScheduleCommand) result {
	if r, denied := h.scheduleDenied(ctx, c, sc.ID); denied {
		return r
	}
	note := fmt.Sprintf("%s by %s at %s", sc.Op, c.UserID, h.o.Now().UTC().Format(time.RFC3339))
	var err error
	var done string
	switch sc.Op {
	case SchedulePause:
		err, done = h.o.Schedules.PauseSchedule(ctx, sc.ID, note), "paused: it will not run until resumed"
	case ScheduleResume:
		err, done = h.o.Schedules.ResumeSchedule(ctx, sc.ID, note), "resumed"
	default:
		err, done = h.o.Schedules.DeleteSchedule(ctx, sc.ID), "deleted (a boost it already started still reverts on time)"
	}
	if errors.Is(err, ErrNoSchedule) {
		return refused(outcomeRefused, fmt.Sprintf("No schedule `%s`; see `/capacity schedule list`.", sc.ID))
	}
	if err != nil {
		return failed("Could not change the schedule; please try again shortly.", err)
	}
	return result{reply: Reply{Text: fmt.Sprintf("Schedule `%s` %s.", sc.ID, done), InChannel: true}, outcome: outcomeOK}
}

// scheduleDenied refuses to pause, resume or delete a recurring boost of a
// namespace the caller may not change (BOOST_SCOPES): the command names only
// the schedule, so its namespace is read from the schedule; when the list
// cannot be read, nothing is changed. A schedule not found is left to the
// operation, which says so.
func (h *Handler) scheduleDenied(ctx context.Context, c Caller, id string) (result, bool) {
	list, err := h.o.Schedules.ListSchedules(ctx)
	if err != nil {
		return failed("Could not read the schedule to check who may change it; please try again shortly.", err), true
	}
	for _, s := range list {
		if s.ID != id || s.Boost == nil {
			continue
		}
		if d := h.o.Auth.ChangeDenial(ctx, c.UserID, s.Boost.Namespace); d != nil {
			r := denied(d)
			r.namespace = s.Boost.Namespace
			return r, true
		}
	}
	return result{}, false
}
