package metrics

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// TestEveryStatusRuleMapsAsStated answers with each row's status and checks
// the error has the row's kind, is not marked unclassified, and that the
// row's retry column is what the activities will do.
func TestEveryStatusRuleMapsAsStated(t *testing.T) {
	for _, r := range statusRules() {
		t.Run(http.StatusText(r.status), func(t *testing.T) {
			resp := &http.Response{StatusCode: r.status, Header: http.Header{}, Body: http.NoBody}
			err := statusError(resp, time.Now())
			ce, ok := err.(*clients.Error)
			if !ok || ce.Kind != r.kind || ce.Unclassified || ce.Code != "HTTP "+strconv.Itoa(r.status) {
				t.Fatalf("status %d classified as %+v", r.status, err)
			}
			if r.kind.Retryable() != r.retry || clients.IsRetryable(err) != r.retry {
				t.Fatalf("status %d: retry column %v, but kind %s retryable = %v", r.status, r.retry, r.kind, r.kind.Retryable())
			}
		})
	}
}

// TestUnclassifiedStatus checks, against a real HTTP server, that a status
// the table does not know comes back as unclassified KindInternal carrying
// the status, the start of the body and the request ID, all in Error().
func TestUnclassifiedStatus(t *testing.T) {
	tests := []struct {
		status int
		header string
	}{
		{http.StatusTeapot, "X-Request-Id"},
		{http.StatusConflict, "Request-Id"},
		{http.StatusInsufficientStorage, "x-request-id"},
		{http.StatusFound, "X-Request-Id"}, // a redirect the client did not follow
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set(tt.header, "req-9c1e")
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte("short and stout\nhere is my handle"))
			}))
			defer srv.Close()
			hc := srv.Client()
			hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			c := New(Options{BaseURL: srv.URL, APIKey: testKey, HTTPClient: hc})

			_, err := c.FetchUsage(context.Background())

			ce, ok := err.(*clients.Error)
			code := "HTTP " + strconv.Itoa(tt.status)
			if !ok || ce.Kind != clients.KindInternal || !ce.Unclassified || ce.Code != code ||
				ce.Message != "short and stout\nhere is my handle" || ce.RequestID != "req-9c1e" {
				t.Fatalf("error lacks what a person needs: %#v", err)
			}
			want := "GetMetrics: internal (unclassified " + code + "): short and stout here is my handle (request id req-9c1e)"
			if got := err.Error(); got != want {
				t.Fatalf("Error() = %q, want %q", got, want)
			}
		})
	}
}

func TestErrorBodyIsCut(t *testing.T) {
	body := io.NopCloser(strings.NewReader(strings.Repeat("x", 3*maxErrorBody)))
	resp := &http.Response{StatusCode: http.StatusBadRequest, Header: http.Header{}, Body: body}
	ce := statusError(resp, time.Now()).(*clients.Error)
	if len(ce.Message) != maxErrorBody {
		t.Fatalf("message is %d bytes, want %d", len(ce.Message), maxErrorBody)
	}
}
