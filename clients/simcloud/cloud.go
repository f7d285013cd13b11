package simcloud

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	operationv1 "go.temporal.io/cloud-sdk/api/operation/v1"
	"google.golang.org/grpc"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

// Options tune the simulation. Zero values give a quick, fault-free cloud.
type Options struct {
	APIKey        string        // "" = accept any key (or none)
	OpDelay       time.Duration // how long a capacity change stays in progress; default 2s
	CheckDuration time.Duration // check_duration returned on operations; default 1s
	Latency       time.Duration // added to every call
	// RateLimit is the requests/s budget the real service would enforce
	// (0 = none). Calls above it are counted as violations in Stats and, if
	// RejectOverBudget, answered ResourceExhausted.
	RateLimit float64
	// RateBurst is how many calls may arrive at once within RateLimit
	// (token-bucket burst); 0 = one second's worth, ceil(RateLimit). A
	// small value checks a client's pacing strictly, allowing only for
	// arrival jitter.
	RateBurst        int
	RejectOverBudget bool
	Now              func() time.Time // default time.Now; operations complete lazily against it
	// StateFile keeps the account across restarts ("" = memory only), so
	// that a bot killed during a boost finds the simulated account as it
	// was: Start loads it if it exists (its namespaces then replace the
	// account's; another account ID is refused) or else creates it, and
	// every change is written to it atomically (mode 0600). Counters and
	// faults are not kept.
	StateFile string
	// MetricsHourlyLimit is how many Metrics API requests an hour the
	// endpoint accepts (0 = no limit; the real API's is
	// DefaultMetricsHourlyLimit). Over it, requests get 429 with a
	// Retry-After saying when the oldest one leaves the hour, judged by Now.
	MetricsHourlyLimit int
	// MetricsPointLimit is how many data points one Metrics API response
	// holds at most (0 = DefaultMetricsPointLimit, the real API's; negative
	// = no limit). A response that would hold more serves whole namespaces
	// up to the limit and says X-Completeness: limited.
	MetricsPointLimit int
	// MetricsLabelForm is the form of the temporal_namespace label values the
	// Metrics API serves: capacity.FormID ("payments.acct", the default) or
	// capacity.FormName ("payments"). The real API's form is undocumented,
	// so the bot must work with either (SIM_METRICS_LABEL_FORM).
	MetricsLabelForm capacity.NameForm
	// Identity is who the Cloud Ops key belongs to and what it may change
	// (GetCurrentIdentity; UpdateNamespace refuses what it may not). The
	// zero value is a Global Admin key that never expires.
	Identity KeyIdentity
}

// Cloud is one simulated account with its servers. All methods are safe for
// concurrent use.
type Cloud struct {
	opts    Options
	account string
	initErr error
	started time.Time // Options.Now at New; the key's expiry counts from it

	mu         sync.Mutex
	namespaces map[string]*nsState
	order      []string // namespace IDs, sorted: the paging order
	ops        map[string]*operation
	opSeq      int
	dirty      bool // changed since the last save to Options.StateFile

	faults  *faultSet
	budget  *budget
	quota   *hourlyQuota // Metrics API requests per hour
	stats   *statsCounter
	running struct {
		grpc     *grpc.Server
		grpcAddr string
		http     *http.Server
		httpURL  string
	}
}

// nsState is the service-side state of one namespace.
type nsState struct {
	cfg      Namespace // options and usage; cfg.Capacity is not kept current, see current
	spec     *namespacev1.NamespaceSpec
	version  int64
	current  clients.Capacity
	request  *capRequest
	created  time.Time
	modified time.Time
}

// capRequest is a namespace's latest capacity request.
type capRequest struct {
	state  namespacev1.Capacity_Request_State
	opID   string
	target clients.Capacity
	start  time.Time
	end    time.Time
}

// New builds a simulated cloud for acct. Nothing listens until Start; a bad
// account is reported by Start.
func New(acct Account, opts Options) *Cloud {
	if opts.OpDelay <= 0 {
		opts.OpDelay = 2 * time.Second
	}
	if opts.CheckDuration <= 0 {
		opts.CheckDuration = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &Cloud{
		opts:       opts,
		account:    acct.ID,
		namespaces: make(map[string]*nsState, len(acct.Namespaces)),
		ops:        make(map[string]*operation),
		faults:     &faultSet{},
		budget:     newBudget(opts.RateLimit, opts.RateBurst),
		quota:      &hourlyQuota{limit: opts.MetricsHourlyLimit},
		stats:      newStatsCounter(),
	}
	now := opts.Now()
	c.started = now
	for _, n := range acct.Namespaces {
		n, err := n.withDefaults(acct.ID)
		if err != nil {
			c.initErr = errors.Join(c.initErr, err)
			continue
		}
		if _, dup := c.namespaces[n.ID]; dup {
			c.initErr = errors.Join(c.initErr, fmt.Errorf("namespace %s defined twice", n.ID))
			continue
		}
		st := &nsState{cfg: n, version: 1, current: n.Capacity, created: now.Add(-90 * 24 * time.Hour)}
		st.spec = initialSpec(n)
		if n.Capacity.Mode == clients.ModeProvisioned {
			// It was provisioned some days ago by a request that completed.
			start := now.Add(-72 * time.Hour)
			st.request = &capRequest{state: namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_COMPLETED,
				opID: "initial-" + n.name(), target: n.Capacity, start: start, end: start.Add(2 * time.Minute)}
			c.ops[st.request.opID] = &operation{id: st.request.opID, namespace: n.ID, target: n.Capacity,
				previous: clients.OnDemand(), prevSpec: capacitySpec(clients.OnDemand()),
				started: start, finished: st.request.end, dueAt: st.request.end,
				state: operationv1.AsyncOperation_STATE_FULFILLED}
			st.modified = start
		}
		c.namespaces[n.ID] = st
		c.order = append(c.order, n.ID)
	}
	sort.Strings(c.order)
	return c
}

// Start loads Options.StateFile if set, then listens on loopback (gRPC and
// HTTP, each on a free port) and serves until Close. An unusable state file
// is an error naming it.
func (c *Cloud) Start() error {
	if c.initErr != nil {
		return fmt.Errorf("simulated account: %w", c.initErr)
	}
	if c.opts.StateFile != "" {
		c.mu.Lock()
		err := c.loadStateLocked()
		c.mu.Unlock()
		if err != nil {
			return err
		}
	}
	gl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listening for gRPC: %w", err)
	}
	hl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = gl.Close()
		return fmt.Errorf("listening for HTTP: %w", err)
	}
	c.running.grpc = c.newGRPCServer()
	c.running.grpcAddr = gl.Addr().String()
	c.running.http = &http.Server{Handler: c.metricsHandler(), ReadHeaderTimeout: 10 * time.Second}
	c.running.httpURL = "http://" + hl.Addr().String()
	go func() { _ = c.running.grpc.Serve(gl) }()
	go func() { _ = c.running.http.Serve(hl) }()
	return nil
}

// Close stops both servers.
func (c *Cloud) Close() {
	if c.running.grpc != nil {
		c.running.grpc.Stop()
	}
	if c.running.http != nil {
		_ = c.running.http.Close()
	}
}

// GRPCAddr is the host:port of the Cloud Ops API (plaintext gRPC).
func (c *Cloud) GRPCAddr() string { return c.running.grpcAddr }

// MetricsURL is the Metrics API base URL; the endpoint is MetricsURL()+"/v1/metrics".
func (c *Cloud) MetricsURL() string { return c.running.httpURL }

// Snapshot returns a namespace as the service sees it now (cfg with the
// current capacity and usage) and its capacity as GetNamespace reports it,
// so that tests can assert on the outcome of a change.
func (c *Cloud) Snapshot(id string) (Namespace, clients.NamespaceCapacity, bool) {
	c.mu.Lock()
	defer c.unlock()
	c.settleLocked(c.opts.Now())
	st, ok := c.namespaces[id]
	if !ok {
		return Namespace{}, clients.NamespaceCapacity{}, false
	}
	n := st.cfg
	n.Capacity = st.current
	n.ValidTRUs = append([]float64(nil), st.cfg.ValidTRUs...)
	nc := clients.NamespaceCapacity{
		Namespace:       id,
		Current:         st.current,
		APSLimit:        st.cfg.apsLimit(st.current),
		ResourceVersion: st.resourceVersion(),
		State:           resourceStateName(st.resourceState()),
	}
	if r := st.request; r != nil {
		nc.LatestRequest = &clients.CapacityRequest{State: requestStateName(r.state), AsyncOperationID: r.opID,
			Target: r.target, StartTime: r.start, EndTime: r.end}
	}
	return n, nc, true
}

// SetUsage changes what the Metrics API serves for a namespace: foreground
// actions/s and throttled actions/s. It reports whether the namespace exists.
func (c *Cloud) SetUsage(id string, aps, throttledPerSec float64) bool {
	c.mu.Lock()
	defer c.unlock()
	st, ok := c.namespaces[id]
	if !ok {
		return false
	}
	st.cfg.APS, st.cfg.ThrottledPerSec = aps, throttledPerSec
	c.markDirtyLocked()
	return true
}

// SetCapacityOutside sets a namespace's capacity at once, as another tool
// (Terraform, tcld, the Cloud UI) would behind the bot's back: the spec, the
// running capacity and a completed latest request, with a new resource
// version. It is a test accessor; it reports whether the namespace exists.
func (c *Cloud) SetCapacityOutside(id string, capa clients.Capacity) bool {
	c.mu.Lock()
	defer c.unlock()
	now := c.opts.Now()
	c.settleLocked(now)
	st, ok := c.namespaces[id]
	if !ok {
		return false
	}
	st.spec.CapacitySpec = capacitySpec(capa)
	st.current = capa
	st.version++
	st.modified = now
	st.request = &capRequest{state: namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_COMPLETED,
		opID: c.newOperationID(), target: capa, start: now, end: now}
	c.markDirtyLocked()
	return true
}

// unlock saves the account if it changed, then releases c.mu. A failed
// save is counted in Stats and retried by the next call.
func (c *Cloud) unlock() {
	_ = c.saveLocked()
	c.mu.Unlock()
}

func (st *nsState) resourceVersion() string { return fmt.Sprintf("rv-%d", st.version) }

func requestStateName(s namespacev1.Capacity_Request_State) clients.RequestState {
	switch s {
	case namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_COMPLETED:
		return clients.RequestCompleted
	case namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_IN_PROGRESS:
		return clients.RequestInProgress
	case namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_FAILED:
		return clients.RequestFailed
	}
	return clients.RequestUnspecified
}
