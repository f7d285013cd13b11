package simcloud

import (
	"context"
	"math"
	"path"
	"regexp"
	"strconv"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/tap"
	"google.golang.org/protobuf/types/known/durationpb"
)

// versionHeader is the header every Cloud Ops API call must carry.
const versionHeader = "temporal-cloud-api-version"

var versionPattern = regexp.MustCompile(`^v(\d+)\.(\d+)\.(\d+)$`)

func (c *Cloud) newGRPCServer() *grpc.Server {
	s := grpc.NewServer(grpc.InTapHandle(c.tapBudget), grpc.ChainUnaryInterceptor(c.intercept))
	cloudservice.RegisterCloudServiceServer(s, &service{c: c})
	return s
}

// intercept does what the real front door does before a handler runs:
// rate budget, latency, API key, API version; then the call-level faults.
func (c *Cloud) intercept(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	method := path.Base(info.FullMethod)
	end := c.stats.begin(method)
	defer end()
	if over, _ := ctx.Value(overBudgetKey{}).(bool); over {
		c.stats.violation()
		if c.opts.RejectOverBudget {
			return nil, rateLimitedError(ctx, time.Second, "request rate exceeds the account's control-plane limit")
		}
	}
	if err := sleepCtx(ctx, c.opts.Latency); err != nil {
		return nil, status.FromContextError(err).Err()
	}
	md, _ := metadata.FromIncomingContext(ctx)
	if err := c.checkAPIKey(md); err != nil {
		return nil, err
	}
	capacityFields, err := checkVersion(md)
	if err != nil {
		return nil, err
	}
	if f, ok := c.faults.take(method, c.namespaceOf(req), FaultUnavailable, FaultRateLimited, FaultTimeout); ok {
		return nil, callFault(ctx, f)
	}
	return handler(context.WithValue(ctx, capacityFieldsKey{}, capacityFields), req)
}

// overBudgetKey marks in the context a call that arrived over the budget.
type overBudgetKey struct{}

// tapBudget checks the rate budget as soon as a call's headers are read, in
// the connection's reader, before the call waits for a goroutine: on a busy
// machine that wait can bunch calls that arrived properly spaced. Real time,
// not Options.Now: the budget is about the caller's pace.
func (c *Cloud) tapBudget(ctx context.Context, _ *tap.Info) (context.Context, error) {
	return context.WithValue(ctx, overBudgetKey{}, !c.budget.allow(time.Now())), nil
}

// capacityFieldsKey marks in the context whether the caller's API version
// knows the capacity fields (min_version v0.10.0).
type capacityFieldsKey struct{}

func capacityFieldsVisible(ctx context.Context) bool {
	v, _ := ctx.Value(capacityFieldsKey{}).(bool)
	return v
}

func (c *Cloud) checkAPIKey(md metadata.MD) error {
	if c.opts.APIKey == "" {
		return nil
	}
	auth := md.Get("authorization")
	if len(auth) == 0 {
		return status.Error(codes.Unauthenticated, "missing API key")
	}
	if auth[0] != "Bearer "+c.opts.APIKey {
		return status.Error(codes.Unauthenticated, "invalid API key")
	}
	return nil
}

// checkVersion refuses a call without a well-formed version header, as the
// real service does, and reports whether capacity fields are visible.
func checkVersion(md metadata.MD) (capacityFields bool, err error) {
	v := md.Get(versionHeader)
	if len(v) == 0 {
		return false, status.Error(codes.InvalidArgument, "API version specified is invalid")
	}
	m := versionPattern.FindStringSubmatch(v[0])
	if m == nil {
		return false, status.Error(codes.InvalidArgument, "API version specified is invalid")
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return major > 0 || minor >= 10, nil
}

// namespaceOf is the namespace a request is about, "" if none.
func (c *Cloud) namespaceOf(req any) string {
	switch r := req.(type) {
	case interface{ GetNamespace() string }:
		return r.GetNamespace()
	case interface{ GetAsyncOperationId() string }:
		c.mu.Lock()
		defer c.mu.Unlock()
		if op, ok := c.ops[r.GetAsyncOperationId()]; ok {
			return op.namespace
		}
	}
	return ""
}

// callFault fails a call the way the fault's kind does on the real service.
func callFault(ctx context.Context, f Fault) error {
	switch f.Kind {
	case FaultRateLimited:
		return rateLimitedError(ctx, f.RetryAfter, "request rate limit exceeded (simulated fault)")
	case FaultTimeout:
		if f.Delay > 0 {
			if err := sleepCtx(ctx, f.Delay); err != nil {
				return status.FromContextError(err).Err()
			}
		} else {
			<-ctx.Done()
		}
		return status.Error(codes.DeadlineExceeded, "deadline exceeded (simulated fault)")
	default:
		return status.Error(codes.Unavailable, "service unavailable (simulated fault)")
	}
}

// rateLimitedError is ResourceExhausted with the wait in both forms a client
// may read: a retry-after trailer (whole seconds) and RetryInfo details.
func rateLimitedError(ctx context.Context, after time.Duration, msg string) error {
	if after <= 0 {
		after = time.Second
	}
	_ = grpc.SetTrailer(ctx, metadata.Pairs("retry-after", strconv.Itoa(int(math.Ceil(after.Seconds())))))
	st := status.New(codes.ResourceExhausted, msg)
	if withInfo, err := st.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(after)}); err == nil {
		st = withInfo
	}
	return st.Err()
}

// sleepCtx waits d or until ctx ends; no wait is no error.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	return clients.Sleep(ctx, d)
}
