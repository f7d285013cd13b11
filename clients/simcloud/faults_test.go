package simcloud

import (
	"strings"
	"testing"
)

func TestFaultMatching(t *testing.T) {
	tests := []struct {
		name  string
		fault Fault
		calls []string // "method/namespace"
		want  string   // one char per call: x = hit, . = not
	}{
		{"every call", Fault{Kind: FaultUnavailable}, []string{"A/n1", "B/", "A/n2"}, "xxx"},
		{"method only", Fault{Method: "A", Kind: FaultUnavailable}, []string{"A/n1", "B/n1", "A/"}, "x.x"},
		{"namespace only", Fault{Namespace: "n1", Kind: FaultUnavailable}, []string{"A/n1", "A/n2", "B/", "B/n1"}, "x..x"},
		{"times", Fault{Kind: FaultUnavailable, Times: 2}, []string{"A/", "A/", "A/", "A/"}, "xx.."},
		{"every second", Fault{Kind: FaultUnavailable, Every: 2}, []string{"A/", "A/", "A/", "A/"}, ".x.x"},
		{"every second twice", Fault{Kind: FaultUnavailable, Every: 2, Times: 1}, []string{"A/", "A/", "A/", "A/"}, ".x.."},
		{"other kind", Fault{Kind: FaultOpStuck}, []string{"A/", "A/"}, ".."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &faultSet{}
			s.list = append(s.list, &injected{Fault: tt.fault})
			got := ""
			for _, call := range tt.calls {
				method, ns, _ := strings.Cut(call, "/")
				if _, hit := s.take(method, ns, FaultUnavailable, FaultRateLimited); hit {
					got += "x"
				} else {
					got += "."
				}
			}
			if got != tt.want {
				t.Fatalf("hits %q, want %q", got, tt.want)
			}
		})
	}
}

func TestInjectRemove(t *testing.T) {
	c := New(DemoAccount(), Options{})
	remove := c.Inject(Fault{Kind: FaultUnavailable})
	if _, hit := c.faults.take("GetNamespace", "", FaultUnavailable); !hit {
		t.Fatal("fault not active after Inject")
	}
	remove()
	remove() // twice is harmless
	if _, hit := c.faults.take("GetNamespace", "", FaultUnavailable); hit {
		t.Fatal("fault still active after remove")
	}
}
