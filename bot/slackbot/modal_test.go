package slackbot

import (
	"slices"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// durationOptions lists the values of the modal's "Revert after" choices.
func durationOptions(t *testing.T, v slack.ModalViewRequest) []string {
	t.Helper()
	for _, b := range v.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok && in.BlockID == BlockEnd {
			var out []string
			for _, o := range in.Element.(*slack.SelectBlockElement).Options {
				out = append(out, o.Value)
			}
			return out
		}
	}
	t.Fatal("no duration input in the modal")
	return nil
}

// TestModalOffersNoDurationOverTheLimit: the modal offers no duration longer
// than how long a boost may last.
func TestModalOffersNoDurationOverTheLimit(t *testing.T) {
	for _, tc := range []struct {
		max  time.Duration
		want []string
	}{
		{3 * time.Hour, []string{"30m0s", "1h0m0s", "2h0m0s", endNone}},
		{24 * time.Hour, []string{"30m0s", "1h0m0s", "2h0m0s", "4h0m0s", "8h0m0s", "24h0m0s", endNone}},
		{time.Hour, []string{"30m0s", "1h0m0s", endNone}},
	} {
		o := modalOpts
		o.MaxDuration = tc.max
		if got := durationOptions(t, BoostModal("C1", nil, o)); !slices.Equal(got, tc.want) {
			t.Errorf("with a %s limit the modal offers %v, want %v", tc.max, got, tc.want)
		}
	}
}
