package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/workflows"
)

// TestScopedPermissions runs every command and button that changes capacity,
// and the read-only ones, for users × groups × namespaces under BOOST_SCOPES:
// a change is denied exactly when no scope of the user or of one of their
// groups matches the namespace, and analysis and status stay open to all.
func TestScopedPermissions(t *testing.T) {
	scopes, err := capacity.ParseScopes("S0PAYMENTS=payments*; U2=orders*,search; U5=payments,orders")
	if err != nil {
		t.Fatal(err)
	}
	members := map[string][]string{"S0PAYMENTS": {"U1", "U4"}, "S0BOOST": {"U5"}}
	users := []struct {
		id string
		// may lists the namespaces the user may change; nil: none.
		may map[string]bool
	}{
		{"U1", map[string]bool{"payments": true}},               // booster, through the group's scope
		{"U2", map[string]bool{"orders": true, "search": true}}, // booster, own scope
		{"U3", nil}, // booster without any scope
		{"U4", nil}, // in the scoped group but not a booster
		{"U5", map[string]bool{"payments": true, "orders": true}}, // own scope and a booster group
	}
	commands := []struct {
		name    string
		changes bool
		run     func(f *handlerFixture, c Caller, ns string) Reply
		kind    CommandKind
	}{
		{"boost", true, func(f *handlerFixture, c Caller, ns string) Reply {
			return f.h.Handle(context.Background(), c, "boost "+ns+" 4 for 1h")
		}, KindBoost},
		{"set", true, func(f *handlerFixture, c Caller, ns string) Reply {
			return f.h.Handle(context.Background(), c, "set "+ns+" 4")
		}, KindSet},
		{"extend", true, func(f *handlerFixture, c Caller, ns string) Reply {
			return f.h.Handle(context.Background(), c, "extend "+ns+" 1h")
		}, KindExtend},
		{"revert", true, func(f *handlerFixture, c Caller, ns string) Reply {
			return f.h.Handle(context.Background(), c, "revert "+ns)
		}, KindRevert},
		{"schedule add", true, func(f *handlerFixture, c Caller, ns string) Reply {
			return f.h.Handle(context.Background(), c, "schedule add "+ns+" 4 weekdays 09:00-17:00")
		}, KindSchedule},
		{"Extend button", true, func(f *handlerFixture, c Caller, ns string) Reply {
			return f.h.Extend(context.Background(), c, ns, time.Hour)
		}, KindExtend},
		{"Revert button", true, func(f *handlerFixture, c Caller, ns string) Reply { return f.h.Revert(context.Background(), c, ns) }, KindRevert},
		{"schedule pause", true, func(f *handlerFixture, c Caller, ns string) Reply {
			return f.h.Handle(context.Background(), c, "schedule pause "+workflows.ScheduleBoostID(scopedSchedule(ns)))
		}, KindSchedule},
		{"schedule delete", true, func(f *handlerFixture, c Caller, ns string) Reply {
			return f.h.Handle(context.Background(), c, "schedule delete "+workflows.ScheduleBoostID(scopedSchedule(ns)))
		}, KindSchedule},
		{"status", false, func(f *handlerFixture, c Caller, ns string) Reply {
			return f.h.Handle(context.Background(), c, "status "+ns)
		}, KindStatus},
		{"analyze", false, func(f *handlerFixture, c Caller, ns string) Reply {
			return f.h.Handle(context.Background(), c, "analyze "+ns)
		}, KindAnalyze},
	}
	for _, u := range users {
		for _, ns := range []string{"payments", "orders", "search"} {
			for _, cmd := range commands {
				t.Run(u.id+"/"+ns+"/"+cmd.name, func(t *testing.T) {
					f := newFixture(t, func(o *HandlerOptions) {
						o.Auth = NewAuthorizer([]string{"U1", "U2", "U3"}, []string{"S0BOOST"}, nil,
							&fakeGroups{members: members}, time.Minute, o.Now).WithScopes(scopes)
						sch := newFakeSchedules()
						sch.boosts[workflows.ScheduleBoostID(scopedSchedule(ns))] = scopedSchedule(ns)
						o.Schedules = sch
					})
					f.running(ns+".demo42", 4, handlerNow.Add(time.Hour))
					c := Caller{UserID: u.id, ChannelID: "C1", RequestKey: "t-" + u.id}
					r := cmd.run(f, c, ns)
					wantDenied := cmd.changes && !u.may[ns]
					gotDenied := commandCount(t, f.metrics, string(cmd.kind), outcomeDenied) == 1
					if gotDenied != wantDenied {
						t.Fatalf("denied %v, want %v; reply %q", gotDenied, wantDenied, r.Text)
					}
					if wantDenied && !r.Refused {
						t.Errorf("denied reply not marked refused: %q", r.Text)
					}
				})
			}
		}
	}
}

// scopedSchedule is a recurring boost of the namespace, for pausing and
// deleting it.
func scopedSchedule(ns string) workflows.ScheduledBoost {
	return workflows.ScheduledBoost{Namespace: ns + ".demo42", TRUs: 4, Days: []time.Weekday{1}, Start: "09:00", End: "10:00", Requester: "U1", Channel: "C1"}
}

// TestScopeDenialWords checks what a scoped user is told: the globs they
// may change, or that they may change none; and that a group whose
// membership cannot be read fails closed naming BOOST_SCOPES for the log.
func TestScopeDenialWords(t *testing.T) {
	scopes := capacity.Scopes{"S0PAY": {"payments-*"}, "U1": {"orders-*"}}
	tests := []struct {
		name, user, ns string
		groupErr       bool
		wantWords      string
		wantSettings   string
	}{
		{"outside the user's globs", "U1", "search", false, "only in namespaces matching orders-*, payments-*, and search is not one of them", "BOOST_SCOPES (entries for U1, S0PAY)"},
		{"no scope at all", "U2", "search", false, "may not change capacity in any namespace", "BOOST_SCOPES (no entry"},
		{"group unreadable", "U2", "payments-eu", true, "could not be checked", "BOOST_SCOPES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &fakeGroups{members: map[string][]string{"S0PAY": {"U1", "U2"}}}
			if tt.groupErr {
				g.err = context.DeadlineExceeded
			}
			a := NewAuthorizer([]string{"U1", "U2"}, nil, nil, g, time.Minute, nil).WithScopes(scopes)
			if tt.name == "no scope at all" {
				g.members["S0PAY"] = []string{"U1"}
			}
			d := a.ChangeDenial(context.Background(), tt.user, tt.ns)
			if d == nil {
				t.Fatal("allowed, want a denial")
			}
			if !strings.Contains(d.Words, tt.wantWords) || !strings.Contains(d.Settings, tt.wantSettings) {
				t.Errorf("denial %+v, want words with %q and settings with %q", d, tt.wantWords, tt.wantSettings)
			}
		})
	}
}
