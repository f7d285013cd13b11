package simcloud

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	operationv1 "go.temporal.io/cloud-sdk/api/operation/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/capacitybot/capacitybot/clients"
)

// stateFormat is the version of the state file layout; a file of another
// version is refused rather than half-read.
const stateFormat = 1

// stateFile is the account as saved in Options.StateFile: everything a
// restarted bot must find as it was (capacities, resource versions, latest
// requests, operations and usage). Counters and injected faults are not
// state of the account and start afresh.
type stateFile struct {
	Format     int               `json:"format"`
	Account    string            `json:"account"`
	SavedAt    time.Time         `json:"savedAt"`
	OpSeq      int               `json:"opSeq"`
	Namespaces []namespaceRecord `json:"namespaces"`
	Operations []operationRecord `json:"operations"`
}

type namespaceRecord struct {
	Config   Namespace        `json:"config"`
	Spec     json.RawMessage  `json:"spec"` // protojson NamespaceSpec
	Version  int64            `json:"version"`
	Current  clients.Capacity `json:"current"`
	Request  *requestRecord   `json:"request,omitempty"`
	Created  time.Time        `json:"created"`
	Modified time.Time        `json:"modified"`
}

type requestRecord struct {
	State  string           `json:"state"` // Capacity_Request_State name
	OpID   string           `json:"opId"`
	Target clients.Capacity `json:"target"`
	Start  time.Time        `json:"start"`
	End    time.Time        `json:"end"`
}

type operationRecord struct {
	ID        string           `json:"id"`
	Namespace string           `json:"namespace"`
	Target    clients.Capacity `json:"target"`
	Previous  clients.Capacity `json:"previous"`
	PrevSpec  json.RawMessage  `json:"prevSpec,omitempty"` // protojson CapacitySpec
	Started   time.Time        `json:"started"`
	Finished  time.Time        `json:"finished"`
	DueAt     time.Time        `json:"dueAt"`
	State     string           `json:"state"` // AsyncOperation_State name
	Stuck     bool             `json:"stuck,omitempty"`
	Fail      bool             `json:"fail,omitempty"`
	Reason    string           `json:"reason,omitempty"`
}

// markDirtyLocked records that the account changed and must be saved.
// c.mu must be held.
func (c *Cloud) markDirtyLocked() { c.dirty = true }

// saveLocked writes the account to Options.StateFile if it changed since
// the last successful save. A failed save keeps the state dirty, so the next
// call tries again, and is counted in Stats. c.mu must be held.
func (c *Cloud) saveLocked() error {
	if c.opts.StateFile == "" || !c.dirty {
		return nil
	}
	if err := c.writeStateLocked(); err != nil {
		c.stats.persistFailed(err)
		return err
	}
	c.dirty = false
	return nil
}

// writeStateLocked replaces the state file atomically: a reader (or a
// restart after a kill) sees the old file or the new one, never half.
func (c *Cloud) writeStateLocked() error {
	data, err := c.encodeStateLocked()
	if err != nil {
		return fmt.Errorf("encoding simulated cloud state: %w", err)
	}
	path := c.opts.StateFile
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("saving simulated cloud state to %s: %w", path, err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // no-op once renamed
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("saving simulated cloud state to %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("saving simulated cloud state to %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("saving simulated cloud state to %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving simulated cloud state to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("saving simulated cloud state to %s: %w", path, err)
	}
	return nil
}

func (c *Cloud) encodeStateLocked() ([]byte, error) {
	sf := stateFile{Format: stateFormat, Account: c.account, SavedAt: time.Now().UTC(), OpSeq: c.opSeq}
	for _, id := range c.order {
		st := c.namespaces[id]
		spec, err := protojson.Marshal(st.spec)
		if err != nil {
			return nil, fmt.Errorf("namespace %s spec: %w", id, err)
		}
		rec := namespaceRecord{Config: st.cfg, Spec: spec, Version: st.version, Current: st.current,
			Created: st.created, Modified: st.modified}
		if r := st.request; r != nil {
			rec.Request = &requestRecord{State: r.state.String(), OpID: r.opID, Target: r.target, Start: r.start, End: r.end}
		}
		sf.Namespaces = append(sf.Namespaces, rec)
	}
	ids := make([]string, 0, len(c.ops))
	for id := range c.ops {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		op := c.ops[id]
		rec := operationRecord{ID: op.id, Namespace: op.namespace, Target: op.target, Previous: op.previous,
			Started: op.started, Finished: op.finished, DueAt: op.dueAt, State: op.state.String(),
			Stuck: op.stuck, Fail: op.fail, Reason: op.reason}
		if op.prevSpec != nil {
			prev, err := protojson.Marshal(op.prevSpec)
			if err != nil {
				return nil, fmt.Errorf("operation %s previous spec: %w", id, err)
			}
			rec.PrevSpec = prev
		}
		sf.Operations = append(sf.Operations, rec)
	}
	return json.MarshalIndent(sf, "", "  ")
}

// loadStateLocked replaces the account built by New with the one saved in
// Options.StateFile, if the file exists; otherwise it saves the account
// there, so that a path that cannot be written is reported at Start.
// c.mu must be held.
func (c *Cloud) loadStateLocked() error {
	path := c.opts.StateFile
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		c.dirty = true
		return c.saveLocked()
	}
	if err != nil {
		return fmt.Errorf("reading simulated cloud state %s: %w", path, err)
	}
	if err := c.decodeStateLocked(data); err != nil {
		return fmt.Errorf("simulated cloud state %s is not usable (%w): delete it to reset the demo account", path, err)
	}
	return nil
}

// decodeStateLocked checks the whole file before replacing anything, so a
// bad file changes nothing.
func (c *Cloud) decodeStateLocked(data []byte) error {
	var sf stateFile
	if err := json.Unmarshal(data, &sf); err != nil {
		return fmt.Errorf("not valid JSON: %w", err)
	}
	if sf.Format != stateFormat {
		return fmt.Errorf("format %d, this build reads format %d", sf.Format, stateFormat)
	}
	if sf.Account != c.account {
		return fmt.Errorf("it holds account %q, not %q", sf.Account, c.account)
	}
	namespaces := make(map[string]*nsState, len(sf.Namespaces))
	order := make([]string, 0, len(sf.Namespaces))
	for i, rec := range sf.Namespaces {
		st, err := rec.state(c.account)
		if err != nil {
			return fmt.Errorf("namespace #%d: %w", i+1, err)
		}
		if _, dup := namespaces[st.cfg.ID]; dup {
			return fmt.Errorf("namespace %s saved twice", st.cfg.ID)
		}
		namespaces[st.cfg.ID] = st
		order = append(order, st.cfg.ID)
	}
	ops := make(map[string]*operation, len(sf.Operations))
	for _, rec := range sf.Operations {
		op, err := rec.operation()
		if err != nil {
			return fmt.Errorf("operation %q: %w", rec.ID, err)
		}
		if _, ok := namespaces[op.namespace]; !ok {
			return fmt.Errorf("operation %s is about unknown namespace %q", op.id, op.namespace)
		}
		if _, dup := ops[op.id]; dup {
			return fmt.Errorf("operation %s saved twice", op.id)
		}
		ops[op.id] = op
	}
	for _, id := range order {
		if r := namespaces[id].request; r != nil {
			if _, ok := ops[r.opID]; !ok {
				return fmt.Errorf("namespace %s: latest request names unknown operation %q", id, r.opID)
			}
		}
	}
	if sf.OpSeq < 0 {
		return fmt.Errorf("operation sequence %d is negative", sf.OpSeq)
	}
	sort.Strings(order)
	c.namespaces, c.order, c.ops, c.opSeq = namespaces, order, ops, sf.OpSeq
	c.dirty = false
	return nil
}

// state rebuilds a namespace, validating what the rest of the simulation
// relies on.
func (rec namespaceRecord) state(account string) (*nsState, error) {
	cfg := rec.Config
	if _, err := cfg.withDefaults(account); err != nil {
		return nil, err
	}
	if cfg.ID == "" || len(cfg.ValidTRUs) == 0 {
		return nil, fmt.Errorf("namespace %q lacks an ID or valid TRU values", cfg.ID)
	}
	if err := checkCapacity(rec.Current); err != nil {
		return nil, fmt.Errorf("namespace %s current capacity: %w", cfg.ID, err)
	}
	spec := &namespacev1.NamespaceSpec{}
	if err := protojson.Unmarshal(rec.Spec, spec); err != nil {
		return nil, fmt.Errorf("namespace %s spec: %w", cfg.ID, err)
	}
	if rec.Version < 1 {
		return nil, fmt.Errorf("namespace %s resource version %d", cfg.ID, rec.Version)
	}
	st := &nsState{cfg: cfg, spec: spec, version: rec.Version, current: rec.Current,
		created: rec.Created, modified: rec.Modified}
	if r := rec.Request; r != nil {
		v, ok := namespacev1.Capacity_Request_State_value[r.State]
		if !ok {
			return nil, fmt.Errorf("namespace %s: unknown request state %q", cfg.ID, r.State)
		}
		if err := checkCapacity(r.Target); err != nil {
			return nil, fmt.Errorf("namespace %s request target: %w", cfg.ID, err)
		}
		st.request = &capRequest{state: namespacev1.Capacity_Request_State(v), opID: r.OpID,
			target: r.Target, start: r.Start, end: r.End}
	}
	return st, nil
}

func (rec operationRecord) operation() (*operation, error) {
	if rec.ID == "" {
		return nil, errors.New("no ID")
	}
	v, ok := operationv1.AsyncOperation_State_value[rec.State]
	if !ok {
		return nil, fmt.Errorf("unknown state %q", rec.State)
	}
	if err := checkCapacity(rec.Target); err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	op := &operation{id: rec.ID, namespace: rec.Namespace, target: rec.Target, previous: rec.Previous,
		started: rec.Started, finished: rec.Finished, dueAt: rec.DueAt,
		state: operationv1.AsyncOperation_State(v), stuck: rec.Stuck, fail: rec.Fail, reason: rec.Reason}
	if len(rec.PrevSpec) > 0 {
		op.prevSpec = &namespacev1.CapacitySpec{}
		if err := protojson.Unmarshal(rec.PrevSpec, op.prevSpec); err != nil {
			return nil, fmt.Errorf("previous spec: %w", err)
		}
	}
	return op, nil
}

func checkCapacity(c clients.Capacity) error {
	switch {
	case c.Mode == clients.ModeOnDemand:
		return nil
	case c.Mode == clients.ModeProvisioned && c.TRUs > 0:
		return nil
	}
	return fmt.Errorf("capacity %+v is neither on-demand nor provisioned with TRUs", c)
}
