package metrics

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestParseLabelShapes covers the shortcut that trusts label names repeating
// the previous line's: bodies whose lines share, extend, shorten or break
// the previous line's label names must parse exactly as expfmt parses them,
// and a duplicate or invalid name must be caught even after a shared prefix.
func TestParseLabelShapes(t *testing.T) {
	const ok = mCount + `{temporal_namespace="a",region="x",is_background="true"} 1`
	tests := []struct {
		name    string
		lines   []string
		wantErr string // substring of the error; "" when the body is valid
	}{
		{"same shape", []string{ok, ok, mCount + `{temporal_namespace="b",region="y",is_background="false"} 2`}, ""},
		{"shorter then longer", []string{ok, mCount + `{temporal_namespace="a"} 3`, ok}, ""},
		{"longer", []string{ok, mCount + `{temporal_namespace="a",region="x",is_background="false",zone="z"} 4`}, ""},
		{"other order", []string{ok, mCount + `{region="x",temporal_namespace="c"} 5`}, ""},
		{"blank before '='", []string{ok, mCount + `{temporal_namespace ="d",region= "x"} 6`}, ""},
		{"quoted name then bare", []string{mCount + `{"temporal_namespace"="e"} 1`, mCount + `{temporal_namespace="e"} 2`}, ""},
		{"name extends a shape name", []string{ok, mCount + `{temporal_namespacex="a",temporal_namespace="f"} 1`}, ""},
		{"braced metric name", []string{ok, `{"` + mCount + `",temporal_namespace="g"} 1`}, ""},
		{"duplicate of a shared name", []string{ok, mCount + `{temporal_namespace="a",region="x",temporal_namespace="b"} 1`}, "line 2"},
		{"duplicate after a new name", []string{ok, mCount + `{temporal_namespace="a",zone="x",region="y",temporal_namespace="b"} 1`}, "line 2"},
		{"duplicate on a shorter line", []string{ok, mCount + `{region="a",region="b"} 1`}, "line 2"},
		{"invalid name after shared ones", []string{ok, mCount + `{temporal_namespace="a",1region="x"} 1`}, "line 2"},
		{"reserved name after shared ones", []string{ok, mCount + `{temporal_namespace="a",__name__="x"} 1`}, "line 2"},
		{"error line then same shape", []string{ok, mCount + `{temporal_namespace="a",region="x",region="y"} 1`, ok}, "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Join(tt.lines, "\n") + "\n"
			fast, fastErr := parseSnapshot(parseFast, strings.NewReader(body))
			ref, refErr := parseSnapshot(parseExpfmt, bytes.NewReader([]byte(body)))
			if tt.wantErr != "" {
				if fastErr == nil || !strings.Contains(fastErr.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", fastErr, tt.wantErr)
				}
				if refErr == nil {
					t.Fatal("expfmt accepted the body: the case is not malformed")
				}
				return
			}
			if fastErr != nil || refErr != nil {
				t.Fatalf("errors: hand parser %v, expfmt %v", fastErr, refErr)
			}
			if len(fast.Namespaces) == 0 {
				t.Fatal("no namespaces parsed")
			}
			compareSnapshots(t, fast, ref)
		})
	}
}

// TestQuotedPlainEnd checks the eight-bytes-at-a-time scan against a plain
// byte loop on random strings rich in the bytes it stops at.
func TestQuotedPlainEnd(t *testing.T) {
	alphabet := []byte{'a', 'z', '"', '\\', 0x7f, 0x80, 0xc3, 0xff, 0x00, 0x01, '!', '#', ']'}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			if rng.IntN(4) == 0 {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			} else {
				b[i] = byte('a' + rng.IntN(26))
			}
		}
		start := 0
		if len(b) > 0 {
			start = rng.IntN(len(b) + 1)
		}
		want := start
		for want < len(b) && !quotedStop[b[want]] {
			want++
		}
		if got := quotedPlainEnd(b, start); got != want {
			t.Fatalf("quotedPlainEnd(%q, %d) = %d, want %d", b, start, got, want)
		}
	}
}
