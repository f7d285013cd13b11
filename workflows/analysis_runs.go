package workflows

import (
	"sync"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// analysisRunTTL drops what a run left in a worker's memory when its post
// never came (the run failed or moved to another replica).
const analysisRunTTL = time.Hour

// analysisRuns keeps, per analysis run, the namespace list and the usage
// snapshot ReadUsage read, so that each batch joins its namespaces with them
// without carrying them through history. It is a cache, never the truth: a
// batch on a replica that does not hold the run reads both again.
type analysisRuns struct {
	mu   sync.Mutex
	runs map[string]analysisRun
}

// analysisRun is one run's cached reads. Usage is keyed by namespace ID.
type analysisRun struct {
	listed    []string
	usage     clients.UsageSnapshot
	haveUsage bool
	at        time.Time
}

func (c *analysisRuns) get(runID string) (analysisRun, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.runs[runID]
	return r, ok
}

func (c *analysisRuns) put(runID string, r analysisRun, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.runs == nil {
		c.runs = map[string]analysisRun{}
	}
	for id, old := range c.runs {
		if now.Sub(old.at) > analysisRunTTL {
			delete(c.runs, id)
		}
	}
	r.at = now
	c.runs[runID] = r
}

func (c *analysisRuns) drop(runID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.runs, runID)
}
