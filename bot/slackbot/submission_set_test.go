package slackbot

import (
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/workflows"
)

// TestDecodePermanentSubmission: "keep" (and the old "none") make the form a
// permanent change; on-demand needs keep; an Apply form carries its report.
func TestDecodePermanentSubmission(t *testing.T) {
	now := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		edit      func(*formState)
		want      workflows.BoostRequest
		wantError string // block with an error; "" for none
	}{
		{"keep", func(f *formState) { f.endDur = endKeep },
			workflows.BoostRequest{Namespace: "ns1", TRUs: 4, Permanent: true, Reason: "launch", Channel: "C2"}, ""},
		{"no automatic revert from an old form", func(f *formState) { f.endDur = endNoneOld },
			workflows.BoostRequest{Namespace: "ns1", TRUs: 4, Permanent: true, Reason: "launch", Channel: "C2"}, ""},
		{"on-demand kept, from a report", func(f *formState) {
			f.trus, f.endDur, f.meta = truOnDemand, endKeep, `{"c":"C1","n":"ns1","rc":"C9","rt":"1.000042"}`
		}, workflows.BoostRequest{Namespace: "ns1", OnDemand: true, Permanent: true, Reason: "launch", Channel: "C2",
			Report: &workflows.MessageRef{Channel: "C9", TS: "1.000042"}}, ""},
		{"on-demand as a boost", func(f *formState) { f.trus = truOnDemand }, workflows.BoostRequest{}, BlockEnd},
		{"keep with a start", func(f *formState) { f.endDur, f.start = endKeep, now.Add(time.Hour).Unix() }, workflows.BoostRequest{}, BlockStart},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := good()
			tt.edit(&f)
			got, errs := DecodeBoostSubmission(f.view(), now)
			if tt.wantError != "" {
				if _, ok := errs[tt.wantError]; !ok {
					t.Fatalf("errors %v, want one under %s", errs, tt.wantError)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("errors %v", errs)
			}
			if got.Namespace != tt.want.Namespace || got.TRUs != tt.want.TRUs || got.OnDemand != tt.want.OnDemand ||
				got.Permanent != tt.want.Permanent || !got.End.IsZero() || got.Reason != tt.want.Reason || got.Channel != tt.want.Channel {
				t.Errorf("request %+v, want %+v", got, tt.want)
			}
			if (got.Report == nil) != (tt.want.Report == nil) || (got.Report != nil && *got.Report != *tt.want.Report) {
				t.Errorf("report %+v, want %+v", got.Report, tt.want.Report)
			}
		})
	}
}
