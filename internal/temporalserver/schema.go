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

// DefaultRetention keeps closed workflows (finished boosts, analyses) 90
// days: /capacity history reaches back as far as the retention, and a
// quarter covers a bill and the one before.
const DefaultRetention = 90 * 24 * time.Hour

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

// registerNamespace adds the namespace to the database when missing, with
// its retention and search attributes; an existing one is brought up to
// them once the server runs (configureNamespace).
func registerNamespace(cfg *tconfig.SQL, cluster, namespace string, retention time.Duration, attrs map[string]enumspb.IndexedValueType) error {
	if attrs == nil {
		attrs = map[string]enumspb.IndexedValueType{}
	}
	ns, err := sqlite.NewNamespaceConfig(cluster, namespace, false, attrs)
	if err != nil {
		return fmt.Errorf("describing namespace %s: %w", namespace, err)
	}
	ns.Detail.Config.Retention = durationpb.New(retention)
	if err := sqlite.CreateNamespaces(cfg, ns); err != nil {
		return fmt.Errorf("registering namespace %s (is the file a Temporal database? move it away to start afresh): %w", namespace, err)
	}
	return nil
}
