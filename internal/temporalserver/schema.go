package temporalserver

import (
	"errors"
	"fmt"
	"os"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	tconfig "go.temporal.io/server/common/config"
	"go.temporal.io/server/schema/sqlite"
	"google.golang.org/protobuf/types/known/durationpb"
)

// namespaceRetention keeps closed workflows (finished boosts, analyses) a week,
// long enough to look back at last week's event.
const namespaceRetention = 7 * 24 * time.Hour

// ensureSchema creates the database and its tables on first start. A file
// left half-made by a failed setup is removed, so the next start retries from
// scratch instead of tripping over a partial schema.
func ensureSchema(dbPath string, cfg *tconfig.SQL) error {
	_, err := os.Stat(dbPath)
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("checking the database file: %w", err)
	}
	if err := sqlite.SetupSchema(cfg); err != nil {
		_ = os.Remove(dbPath)
		return fmt.Errorf("creating the schema: %w", err)
	}
	return nil
}

// registerNamespace adds the namespace to the database when missing; an
// existing one is left as it is.
func registerNamespace(cfg *tconfig.SQL, cluster, namespace string) error {
	ns, err := sqlite.NewNamespaceConfig(cluster, namespace, false, map[string]enumspb.IndexedValueType{})
	if err != nil {
		return fmt.Errorf("describing namespace %s: %w", namespace, err)
	}
	ns.Detail.Config.Retention = durationpb.New(namespaceRetention)
	if err := sqlite.CreateNamespaces(cfg, ns); err != nil {
		return fmt.Errorf("registering namespace %s (is the file a Temporal database? move it away to start afresh): %w", namespace, err)
	}
	return nil
}
