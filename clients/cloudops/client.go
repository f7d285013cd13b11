// Package cloudops is the bot's Temporal Cloud Ops API client, over the
// official go.temporal.io/cloud-sdk. It reads and changes namespace capacity
// and turns every failure into a *clients.Error whose Kind tells the caller
// (a Temporal activity) whether to retry. It does not retry by itself:
// activities own retries, so that they are visible and bounded.
package cloudops

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	"go.temporal.io/cloud-sdk/cloudclient"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// Defaults.
const (
	DefaultCallTimeout = 30 * time.Second
	// DefaultPageSize is the largest GetNamespaces page the service allows.
	DefaultPageSize = 1000
)

// DefaultAPIVersion is the temporal-cloud-api-version header sent when
// Options.APIVersion is empty: the cloud-sdk's own default (v0.26.0 for
// cloud-sdk v0.23.0). Capacity fields need at least v0.10.0.
func DefaultAPIVersion() string { return cloudclient.DefaultAPIVersion() }

var apiVersionPattern = regexp.MustCompile(`^v(\d+)\.(\d+)\.(\d+)$`)

// Options configure a Client.
type Options struct {
	Address    string // host:port; "" = saas-api.tmprl.cloud:443
	APIKey     string
	APIVersion string // "" = DefaultAPIVersion()
	// Insecure dials plaintext and lets the API key travel over it: only for
	// the simulated cloud on loopback.
	Insecure bool
	// RateLimit caps requests per second across all calls of this client
	// (0 = unlimited), to stay within the account's control-plane budget:
	// calls go 1/RateLimit apart on average and at most two at once, even
	// after the process stalls (see pacer).
	RateLimit   float64
	CallTimeout time.Duration // per call; default 30s
	// PageSize is GetNamespaces' page size; default (and maximum) 1000.
	PageSize int
	Metrics  *telemetry.Metrics
	Logger   *zap.Logger
}

// Client calls the Cloud Ops API. It is safe for concurrent use.
type Client struct {
	cc       *cloudclient.Client
	svc      cloudservice.CloudServiceClient
	pace     *pacer // nil = unlimited
	timeout  time.Duration
	pageSize int32
	metrics  *telemetry.Metrics
	log      *zap.Logger
}

// New builds a client; it connects lazily, on the first call.
func New(opts Options) (*Client, error) {
	if opts.APIKey == "" {
		return nil, errors.New("cloud ops client: an API key is required")
	}
	if opts.APIVersion != "" && !apiVersionPattern.MatchString(opts.APIVersion) {
		return nil, fmt.Errorf("cloud ops client: API version %q is not of the form vX.Y.Z", opts.APIVersion)
	}
	if opts.RateLimit < 0 {
		return nil, fmt.Errorf("cloud ops client: rate limit %v must not be negative", opts.RateLimit)
	}
	if opts.PageSize < 0 || opts.PageSize > DefaultPageSize {
		return nil, fmt.Errorf("cloud ops client: page size %d must be between 1 and %d", opts.PageSize, DefaultPageSize)
	}
	if opts.PageSize == 0 {
		opts.PageSize = DefaultPageSize
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = DefaultCallTimeout
	}
	if opts.Logger == nil {
		opts.Logger = zap.NewNop()
	}
	cc, err := cloudclient.New(cloudclient.Options{
		HostPort:   opts.Address,
		APIKey:     opts.APIKey,
		APIVersion: opts.APIVersion,
		// AllowInsecure both dials plaintext and permits the bearer key on
		// it (the SDK refuses otherwise).
		AllowInsecure: opts.Insecure,
		// Retries belong to the caller (Temporal activities); this also
		// stops the SDK from inventing async operation ids.
		DisableRetry: true,
		UserAgent:    "capacitybot",
	})
	if err != nil {
		return nil, fmt.Errorf("cloud ops client for %s: %w", opts.Address, err)
	}
	c := &Client{
		cc: cc, svc: cc.CloudService(), timeout: opts.CallTimeout, pageSize: int32(opts.PageSize),
		metrics: opts.Metrics, log: opts.Logger,
	}
	if opts.RateLimit > 0 {
		c.pace = newPacer(opts.RateLimit)
	}
	return c, nil
}

// Close releases the connection.
func (c *Client) Close() error {
	if err := c.cc.Close(); err != nil {
		return fmt.Errorf("closing cloud ops client: %w", err)
	}
	return nil
}

// invoke runs one RPC within the rate limit and the call timeout, records
// it, and classifies its failure.
func (c *Client) invoke(ctx context.Context, method, ns string, call func(ctx context.Context, opts ...grpc.CallOption) error) error {
	start := time.Now()
	err := c.invokeRaw(ctx, method, ns, call)
	c.metrics.ObserveCloud(telemetry.APICloudOps, method, start, err)
	if err != nil {
		c.log.Debug("cloud ops call failed", zap.String("method", method), zap.String("namespace", ns),
			zap.Duration("took", time.Since(start)), zap.Error(err))
	}
	return err
}

func (c *Client) invokeRaw(ctx context.Context, method, ns string, call func(ctx context.Context, opts ...grpc.CallOption) error) error {
	if c.pace != nil {
		if _, err := c.pace.wait(ctx); err != nil {
			// The caller's deadline or cancellation comes first: worth
			// retrying later, like any timeout.
			return &clients.Error{Op: method, Namespace: ns, Kind: clients.KindUnavailable,
				Err: fmt.Errorf("waiting for the client rate limit: %w", err)}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var header, trailer metadata.MD
	if err := call(ctx, grpc.Header(&header), grpc.Trailer(&trailer)); err != nil {
		return classify(method, ns, err, header, trailer)
	}
	return nil
}
