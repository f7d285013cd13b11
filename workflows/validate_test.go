package workflows

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

func TestValidateBoost(t *testing.T) {
	now := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	onDemand := clients.NamespaceCapacity{Namespace: boostNS, Current: clients.OnDemand()}
	info := clients.CapacityInfo{Namespace: boostNS, ValidTRUs: []float64{2, 3, 4, 6, 8, 10}, MaxAvailableTRUs: 8}
	policy := Policy{
		Filter:      capacity.NamespaceFilter{Allow: []string{"payments*"}, Deny: []string{"payments-prod*"}},
		MaxTRUs:     6,
		MaxDuration: 72 * time.Hour,
		MaxLead:     31 * 24 * time.Hour,
	}
	good := BoostRequest{Namespace: boostNS, TRUs: 4, End: now.Add(2 * time.Hour), Requester: "U1", Channel: "C1", Reason: "launch"}

	tests := []struct {
		name      string
		edit      func(r *BoostRequest, ns *clients.NamespaceCapacity, info *clients.CapacityInfo)
		wantField string // empty: accepted
		wantText  string
	}{
		{name: "good request", edit: func(*BoostRequest, *clients.NamespaceCapacity, *clients.CapacityInfo) {}},
		{name: "no end time is allowed", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) { r.End = time.Time{} }},
		{name: "future start", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.Start, r.End = now.Add(time.Hour), now.Add(3*time.Hour)
		}},
		{name: "start a few seconds ago", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.Start = now.Add(-30 * time.Second)
		}},
		{name: "from provisioned to more", edit: func(_ *BoostRequest, ns *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			ns.Current = clients.Provisioned(2)
		}},
		{name: "no namespace", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) { r.Namespace = " " },
			wantField: FieldNamespace, wantText: "name the namespace"},
		{name: "namespace not allowed", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.Namespace = "orders.demo42"
		},
			wantField: FieldNamespace, wantText: "orders.demo42 is not a namespace this bot may change"},
		{name: "namespace denied", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.Namespace = "payments-prod.acct"
		},
			wantField: FieldNamespace, wantText: "not a namespace this bot may change"},
		{name: "unknown current capacity", edit: func(_ *BoostRequest, ns *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			ns.Current = clients.Capacity{Mode: clients.ModeUnknown}
		}, wantField: FieldNamespace, wantText: "could not be restored"},
		{name: "request in progress", edit: func(_ *BoostRequest, ns *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			ns.LatestRequest = &clients.CapacityRequest{State: clients.RequestInProgress}
		}, wantField: FieldNamespace, wantText: "already in progress"},
		{name: "zero TRUs", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) { r.TRUs = 0 },
			wantField: FieldTRUs, wantText: "must be above 0, got 0"},
		{name: "negative TRUs", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) { r.TRUs = -2 },
			wantField: FieldTRUs, wantText: "must be above 0"},
		{name: "TRUs not a valid value", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) { r.TRUs = 5 },
			wantField: FieldTRUs, wantText: "5 TRUs is not a valid value for payments.demo42; choose one of 2, 3, 4, 6, 8, 10."},
		{name: "no valid values reported", edit: func(_ *BoostRequest, _ *clients.NamespaceCapacity, info *clients.CapacityInfo) { info.ValidTRUs = nil },
			wantField: FieldTRUs, wantText: "no valid TRU values"},
		{name: "above max available", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) { r.TRUs = 10 },
			wantField: FieldTRUs, wantText: "Only up to 8 TRUs are available"},
		{name: "above policy max", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) { r.TRUs = 8 },
			wantField: FieldTRUs, wantText: "at most 6 TRUs; 8 were asked"},
		{name: "already at target", edit: func(_ *BoostRequest, ns *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			ns.Current = clients.Provisioned(4)
		}, wantField: FieldTRUs, wantText: "payments.demo42 is already at 4 TRUs."},
		{name: "start in the past", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.Start = now.Add(-2 * time.Minute)
		},
			wantField: FieldStart, wantText: "start time 13:58 UTC is in the past"},
		{name: "end in the past", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.End = now.Add(-time.Hour)
		},
			wantField: FieldEnd, wantText: "end time 13:00 UTC is in the past"},
		{name: "end equals now", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) { r.End = now },
			wantField: FieldEnd, wantText: "in the past"},
		{name: "start after end", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.Start, r.End = now.Add(3*time.Hour), now.Add(2*time.Hour)
		}, wantField: FieldEnd, wantText: "must be after the start time 17:00 UTC"},
		{name: "too long", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.End = now.Add(73 * time.Hour)
		},
			wantField: FieldEnd, wantText: "A boost may last at most 3d; this one would last 3d1h"},
		// How far ahead a boost may start is a limit of its own: a 2h boost
		// in ten days is fine, one in 40 days is not, however short.
		{name: "short boost starting in ten days", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.Start = now.Add(10 * 24 * time.Hour)
			r.End = r.Start.Add(2 * time.Hour)
		}},
		{name: "start too far ahead", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.Start = now.Add(40 * 24 * time.Hour)
			r.End = r.Start.Add(2 * time.Hour)
		},
			wantField: FieldStart, wantText: "A boost may start at most 31d ahead; this one would start in 40d (Tue 5 Jan 14:00 UTC)."},
		{name: "reason too long", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.Reason = strings.Repeat("x", 501)
		},
			wantField: FieldReason, wantText: "501 characters"},
		// Characters, not bytes: 500 "é" are 1000 bytes and fit, as they
		// fit the modal's max_length; 501 do not.
		{name: "reason of 500 two-byte characters", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.Reason = strings.Repeat("é", 500)
		}},
		{name: "reason of 501 two-byte characters", edit: func(r *BoostRequest, _ *clients.NamespaceCapacity, _ *clients.CapacityInfo) {
			r.Reason = strings.Repeat("é", 501)
		},
			wantField: FieldReason, wantText: "is 501 characters long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, ns, inf := good, onDemand, info
			inf.ValidTRUs = append([]float64(nil), info.ValidTRUs...)
			tc.edit(&req, &ns, &inf)
			err := ValidateBoost(req, ns, inf, policy, now)
			if tc.wantField == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var refusal *RefusalError
			if !errors.As(err, &refusal) {
				t.Fatalf("got %v, want a *RefusalError", err)
			}
			if refusal.Field != tc.wantField || !strings.Contains(refusal.Error(), tc.wantText) {
				t.Errorf("got field %q message %q, want field %q containing %q", refusal.Field, refusal.Message, tc.wantField, tc.wantText)
			}
		})
	}
}
