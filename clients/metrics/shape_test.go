package metrics

import (
	"strings"
	"testing"
)

// TestParseLabelShapes covers bodies whose lines share, extend, shorten or
// break the previous line's label names: each must be read as written, and a
// duplicate or invalid name must be caught even after names the previous
// line shared.
func TestParseLabelShapes(t *testing.T) {
	const ok = mCount + `{temporal_namespace="a",region="x",is_background="true"} 1`
	tests := []struct {
		name    string
		lines   []string
		want    map[string]usage
		wantErr string // substring of the error; "" when the body is valid
	}{
		{"same shape", []string{ok, ok, mCount + `{temporal_namespace="b",region="y",is_background="false"} 2`},
			map[string]usage{"a": {bg: 2}, "b": {aps: 2}}, ""},
		{"shorter then longer", []string{ok, mCount + `{temporal_namespace="a"} 3`, ok},
			map[string]usage{"a": {aps: 3, bg: 2}}, ""},
		{"longer", []string{ok, mCount + `{temporal_namespace="a",region="x",is_background="false",zone="z"} 4`},
			map[string]usage{"a": {aps: 4, bg: 1}}, ""},
		{"other order", []string{ok, mCount + `{region="x",temporal_namespace="c"} 5`},
			map[string]usage{"a": {bg: 1}, "c": {aps: 5}}, ""},
		{"blank before '='", []string{ok, mCount + `{temporal_namespace ="d",region= "x"} 6`},
			map[string]usage{"a": {bg: 1}, "d": {aps: 6}}, ""},
		{"quoted name then bare", []string{mCount + `{"temporal_namespace"="e"} 1`, mCount + `{temporal_namespace="e"} 2`},
			map[string]usage{"e": {aps: 3}}, ""},
		{"name extends a shape name", []string{ok, mCount + `{temporal_namespacex="a",temporal_namespace="f"} 1`},
			map[string]usage{"a": {bg: 1}, "f": {aps: 1}}, ""},
		{"braced metric name", []string{ok, `{"` + mCount + `",temporal_namespace="g"} 1`},
			map[string]usage{"a": {bg: 1}, "g": {aps: 1}}, ""},
		{"duplicate of a shared name", []string{ok, mCount + `{temporal_namespace="a",region="x",temporal_namespace="b"} 1`}, nil, "line 2"},
		{"duplicate after a new name", []string{ok, mCount + `{temporal_namespace="a",zone="x",region="y",temporal_namespace="b"} 1`}, nil, "line 2"},
		{"duplicate on a shorter line", []string{ok, mCount + `{region="a",region="b"} 1`}, nil, "line 2"},
		{"invalid name after shared ones", []string{ok, mCount + `{temporal_namespace="a",1region="x"} 1`}, nil, "line 2"},
		{"reserved name after shared ones", []string{ok, mCount + `{temporal_namespace="a",__name__="x"} 1`}, nil, "line 2"},
		{"error line then same shape", []string{ok, mCount + `{temporal_namespace="a",region="x",region="y"} 1`, ok}, nil, "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Join(tt.lines, "\n") + "\n"
			snap, err := Parse(strings.NewReader(body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkUsage(t, snap, tt.want)
		})
	}
}
