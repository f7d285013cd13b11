package temporalserver

import (
	"go.temporal.io/server/common/cluster"
	tconfig "go.temporal.io/server/common/config"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
)

const (
	sqlitePluginName = sqliteplugin.PluginName
	clusterName      = "active"
)

// buildConfig describes a single-host cluster: every service bound to
// loopback (membership is static, see staticHosts), one history shard, SQLite for both the main and visibility
// stores, archival off. It follows go.temporal.io/server/temporaltest's lite
// server, but persisted to a file instead of memory.
func buildConfig(dbPath string, p ports) *tconfig.Config {
	sqlCfg := &tconfig.SQL{
		PluginName:   sqlitePluginName,
		DatabaseName: dbPath,
		ConnectAttributes: map[string]string{
			// rwc: read, write, create the file when missing.
			"mode": "rwc",
			// private: this process owns the file; no shared page cache.
			"cache": "private",
		},
	}
	frontend := p.frontendAddress()
	service := func(grpc int) tconfig.Service {
		return tconfig.Service{RPC: tconfig.RPC{GRPCPort: grpc, BindOnIP: loopback}}
	}
	return &tconfig.Config{
		Persistence: tconfig.Persistence{
			DefaultStore:     sqlitePluginName,
			VisibilityStore:  sqlitePluginName,
			NumHistoryShards: 1,
			DataStores: map[string]tconfig.DataStore{
				sqlitePluginName: {SQL: sqlCfg},
			},
		},
		ClusterMetadata: &cluster.Config{
			EnableGlobalNamespace:    false,
			FailoverVersionIncrement: 10,
			MasterClusterName:        clusterName,
			CurrentClusterName:       clusterName,
			ClusterInformation: map[string]cluster.ClusterInformation{
				clusterName: {
					Enabled:                true,
					InitialFailoverVersion: 1,
					RPCAddress:             frontend,
				},
			},
		},
		DCRedirectionPolicy: tconfig.DCRedirectionPolicy{Policy: "noop"},
		Services: map[string]tconfig.Service{
			"frontend": service(p.frontend),
			"history":  service(p.history),
			"matching": service(p.matching),
			"worker":   service(p.worker),
		},
		Archival: tconfig.Archival{
			History:    tconfig.HistoryArchival{State: "disabled"},
			Visibility: tconfig.VisibilityArchival{State: "disabled"},
		},
		// The worker service (schedules, system workflows) dials this.
		PublicClient: tconfig.PublicClient{HostPort: frontend},
		NamespaceDefaults: tconfig.NamespaceDefaults{
			Archival: tconfig.ArchivalNamespaceDefaults{
				History:    tconfig.HistoryArchivalNamespaceDefaults{State: "disabled"},
				Visibility: tconfig.VisibilityArchivalNamespaceDefaults{State: "disabled"},
			},
		},
	}
}

// staticHosts replaces ringpop membership: with every service in one process
// at known addresses there is nothing to discover, startup skips the join,
// and no service ever sees "not enough hosts" while its peers start or stop.
func staticHosts(p ports) map[primitives.ServiceName]static.Hosts {
	one := func(port int) static.Hosts {
		a := address(port)
		return static.Hosts{All: []string{a}, Self: a}
	}
	return map[primitives.ServiceName]static.Hosts{
		primitives.FrontendService: one(p.frontend),
		primitives.HistoryService:  one(p.history),
		primitives.MatchingService: one(p.matching),
		primitives.WorkerService:   one(p.worker),
	}
}
