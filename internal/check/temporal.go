package check

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/capacitybot/capacitybot/internal/datalock"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// Temporal is the bot's own Temporal cluster, as the check sees it.
type Temporal interface {
	// ServerVersion is GetSystemInfo's server version.
	ServerVersion(ctx context.Context) (string, error)
	// DescribeNamespace fails when the namespace does not exist.
	DescribeNamespace(ctx context.Context, namespace string) error
	// TaskQueuePollers is how many workers poll the task queue's workflow
	// tasks (DescribeTaskQueue).
	TaskQueuePollers(ctx context.Context, taskQueue string) (int, error)
}

// TemporalOptions say where the bot's workflows run.
type TemporalOptions struct {
	// Embedded is true when TEMPORAL_ADDRESS is unset: the bot runs its
	// own server with its database in DataDir.
	Embedded bool
	DataDir  string
	// Address is TEMPORAL_ADDRESS, or the embedded server's address.
	Address   string
	Namespace string
	TaskQueue string
	// Dial connects to the cluster; nil means the API is not asked (an
	// embedded server that is not running, or whose port is unknown). The
	// returned func closes the connection.
	Dial func(ctx context.Context) (Temporal, func(), error)
}

// The fixes of the Temporal checks.
const (
	fixTemporalDial = "check TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and TEMPORAL_API_KEY or the TEMPORAL_TLS_* settings, and that the cluster is up"
	fixDataDir      = "set DATA_DIR to a folder this user may write, or make it writable"
)

// TemporalCheck checks the cluster the bot's workflows run on. For the
// embedded server it reports the data folder (writable; held by a running
// bot or free) and never starts a server: that would create or change the
// database, and on a folder a bot holds it would be a second server on the
// same file.
func TemporalCheck(o TemporalOptions) Check {
	return Check{Part: "Temporal", Cheap: true, Run: func(ctx context.Context) []Result {
		var out []Result
		if o.Embedded {
			out = append(out, dataDirResult(o.DataDir))
		}
		if o.Dial != nil {
			out = append(out, temporalAPI(ctx, o)...)
		}
		return out
	}}
}

// dataDirResult says whether the embedded server can use the folder and
// whether a running bot holds it.
func dataDirResult(dir string) Result {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fail(fixDataDir, "DATA_DIR %s: %v", dir, err)
	}
	if err := writable(abs); err != nil {
		return fail(fixDataDir, "embedded server: data folder %s is not writable: %v", abs, err)
	}
	held, err := datalock.Held(filepath.Join(abs, datalock.FileName))
	if err != nil {
		return warn("make the lock file readable and writable by this user, or remove it when no bot runs",
			"embedded server: data folder %s is writable, but its lock could not be tested: %v", abs, err)
	}
	if held {
		return ok("embedded server: data folder %s is writable and held by a running capacitybot (not started a second server on it)", abs)
	}
	return ok("embedded server: data folder %s is writable and free; the bot starts the server there (check does not, it would create the database)", abs)
}

// writable proves dir (or, when it does not exist yet, the folder it would
// be created in) writable by creating and removing a temporary file.
func writable(dir string) error {
	for {
		st, err := os.Stat(dir)
		if errors.Is(err, os.ErrNotExist) {
			parent := filepath.Dir(dir)
			if parent == dir {
				return err
			}
			dir = parent
			continue
		}
		if err != nil {
			return err
		}
		if !st.IsDir() {
			return fmt.Errorf("%s is not a folder", dir)
		}
		f, err := os.CreateTemp(dir, ".capacitybot-check-*")
		if err != nil {
			return err
		}
		name := f.Name()
		_ = f.Close()
		return os.Remove(name)
	}
}

// temporalAPI connects and asks for the server version, the namespace and
// the task queue.
func temporalAPI(ctx context.Context, o TemporalOptions) []Result {
	t, closeFn, err := o.Dial(ctx)
	if err != nil {
		return []Result{fail(fixTemporalDial, "cannot connect to %s, namespace %s: %v", o.Address, o.Namespace, err)}
	}
	defer closeFn()
	version, err := t.ServerVersion(ctx)
	if err != nil {
		return []Result{fail(fixTemporalDial, "GetSystemInfo on %s failed: %v", o.Address, err)}
	}
	if err := t.DescribeNamespace(ctx, o.Namespace); err != nil {
		return []Result{fail("create namespace "+o.Namespace+" on the cluster, or set TEMPORAL_NAMESPACE to one that exists (and that the key may use)",
			"connected to %s (server %s), but namespace %s: %v", o.Address, version, o.Namespace, err)}
	}
	pollers, err := t.TaskQueuePollers(ctx, o.TaskQueue)
	if err != nil {
		return []Result{fail("check that the key may use namespace "+o.Namespace+" and that TASK_QUEUE is right",
			"connected to %s (server %s), namespace %s exists, but DescribeTaskQueue %s failed: %v", o.Address, version, o.Namespace, o.TaskQueue, err)}
	}
	return []Result{ok("connected to %s (server %s); namespace %s exists; task queue %s reachable, %d %s polling",
		o.Address, version, o.Namespace, o.TaskQueue, pollers, humanize.Plural(pollers, "worker", "workers"))}
}
