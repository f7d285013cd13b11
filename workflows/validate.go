package workflows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// Refusal fields name the part of a boost request that was refused, so the
// bot can put the message next to the right modal field.
const (
	FieldNamespace = "namespace"
	FieldTRUs      = "trus"
	FieldStart     = "start"
	FieldEnd       = "end"
	FieldReason    = "reason"
)

// validateStartGrace is how far in the past a start time may lie: a person who types
// "now" and takes a few seconds to submit should not be refused.
const validateStartGrace = time.Minute

// RefusalError is a boost request refused by policy or by the namespace's
// state. Message is a sentence meant for the requester; nothing was changed.
type RefusalError struct {
	Field   string // FieldNamespace, FieldTRUs, FieldStart, FieldEnd or FieldReason
	Message string
	// Settings names the settings behind a policy refusal, for the log only:
	// Message is shown to users, who can neither see nor change settings,
	// so it never names one.
	Settings string
}

func (e *RefusalError) Error() string { return e.Message }

func validateRefuse(field, format string, args ...any) *RefusalError {
	return &RefusalError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// ValidateBoost checks a boost request against the policy and the namespace's
// current capacity. It is pure so the bot can give a quick answer before
// starting the workflow, and the workflow can check again, authoritatively,
// with fresh data. It returns nil or a *RefusalError.
func ValidateBoost(req BoostRequest, ns clients.NamespaceCapacity, info clients.CapacityInfo, p Policy, now time.Time) error {
	if err := validateBoostNamespace(req, ns, p); err != nil {
		return err
	}
	if err := validateChangeKind(req); err != nil {
		return err
	}
	if req.OnDemand {
		if ns.Current.Mode == clients.ModeOnDemand {
			return validateRefuse(FieldTRUs, "%s is already %s.", req.Namespace, ns.Current)
		}
	} else if err := validateBoostTRUs(req, ns, info, p); err != nil {
		return err
	}
	if err := validateBoostTimes(req, p, now); err != nil {
		return err
	}
	if err := capacity.CheckReason(req.Reason); err != nil {
		return validateRefuse(FieldReason, "%s", err.Error())
	}
	return nil
}

// validateChangeKind holds a permanent change to its shape: no start or
// end, since nothing reverts it; and on-demand only as a permanent change,
// since a boost to on-demand is not a boost.
func validateChangeKind(req BoostRequest) error {
	switch {
	case req.Permanent && (!req.Start.IsZero() || !req.End.IsZero()):
		return validateRefuse(FieldEnd, "A permanent change has no start or end time; it applies now and stays.")
	case req.OnDemand && !req.Permanent:
		return validateRefuse(FieldTRUs, "On-demand can only be kept as a permanent change (/capacity set %s on-demand).", req.Namespace)
	case req.OnDemand && req.TRUs != 0:
		return validateRefuse(FieldTRUs, "Ask for on-demand or for a number of TRUs, not both.")
	}
	return nil
}

func validateBoostNamespace(req BoostRequest, ns clients.NamespaceCapacity, p Policy) error {
	if strings.TrimSpace(req.Namespace) == "" {
		return validateRefuse(FieldNamespace, "Please name the namespace to boost.")
	}
	if !p.Filter.Allowed(req.Namespace) {
		return validateRefuse(FieldNamespace, "%s is not a namespace this bot may change (see the allow and deny lists).", req.Namespace)
	}
	if ns.Current.Mode != clients.ModeOnDemand && ns.Current.Mode != clients.ModeProvisioned {
		return validateRefuse(FieldNamespace, "The current capacity of %s could not be read, so it could not be restored after the boost; nothing was changed.", req.Namespace)
	}
	if ns.RequestInProgress() {
		return validateRefuse(FieldNamespace, "A capacity change for %s is already in progress; try again when it has finished.", req.Namespace)
	}
	return nil
}

func validateBoostTRUs(req BoostRequest, ns clients.NamespaceCapacity, info clients.CapacityInfo, p Policy) error {
	n := req.TRUs
	if !(n > 0) { // also catches NaN
		return validateRefuse(FieldTRUs, "The number of TRUs must be above 0, got %s.", boostFormatNumber(n))
	}
	if len(info.ValidTRUs) == 0 {
		return validateRefuse(FieldTRUs, "Temporal Cloud reported no valid TRU values for %s, so it cannot be boosted.", req.Namespace)
	}
	if !slices.Contains(info.ValidTRUs, n) {
		return validateRefuse(FieldTRUs, "%s is not a valid value for %s; choose one of %s.", capacity.FormatTRUs(n), req.Namespace, validateList(info.ValidTRUs))
	}
	if info.MaxAvailableTRUs > 0 && n > info.MaxAvailableTRUs {
		return validateRefuse(FieldTRUs, "Only up to %s %s available for %s right now; %s were asked.", capacity.FormatTRUs(info.MaxAvailableTRUs), humanize.PluralFor(info.MaxAvailableTRUs, "is", "are"), req.Namespace, boostFormatNumber(n))
	}
	if p.MaxTRUs > 0 && n > p.MaxTRUs {
		r := validateRefuse(FieldTRUs, "This bot may boost to at most %s; %s were asked.", capacity.FormatTRUs(p.MaxTRUs), boostFormatNumber(n))
		r.Settings = "MAX_TRUS"
		return r
	}
	if ns.Current.Equal(clients.Provisioned(n)) {
		return validateRefuse(FieldTRUs, "%s is already at %s.", req.Namespace, ns.Current)
	}
	return nil
}

func validateBoostTimes(req BoostRequest, p Policy, now time.Time) error {
	start := req.Start
	if start.IsZero() {
		start = now
	}
	if r := CheckBoostStart(start, now); r != nil {
		return r
	}
	if r := CheckBoostLead(req.Start, now, p.MaxLead); r != nil {
		return r
	}
	if r := CheckBoostEnd(start, req.End, now); r != nil {
		return r
	}
	if r := CheckBoostLength(start, req.End, p.MaxDuration); r != nil {
		return r
	}
	return nil
}

func validateList(values []float64) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = boostFormatNumber(v)
	}
	return strings.Join(parts, ", ")
}

// boostFormatNumber prints a TRU count without a trailing ".0".
func boostFormatNumber(n float64) string { return humanize.Number(n) }
