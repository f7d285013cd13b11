package slackbot

import "testing"

func TestSafeText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"<!channel> hi", "&lt;!channel> hi"},
		{"see <http://evil|docs>", "see &lt;http://evil|docs>"},
		{"<!subteam^S1>", "&lt;!subteam^S1>"},
		{"by <@U123> in <#C42>", "by <@U123> in <#C42>"},
		{"a & b", "a &amp; b"},
		{"`boost <namespace>`", "`boost &lt;namespace>`"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := safeText(tc.in); got != tc.want {
			t.Errorf("safeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
