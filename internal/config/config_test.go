package config

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// valid returns settings that pass Validate, for tests to break one at a time.
func valid() Config {
	return Config{
		SlackConnections: 1, TaskQueue: "q", CloudOpsRateLimit: 40, MaxTRUs: 12,
		MaxBoostDuration: 72 * time.Hour, MaxBoostLead: 31 * 24 * time.Hour, DefaultBoostDuration: 2 * time.Hour,
		LogLevel: "info", LogFormat: "console", WatchInterval: 5 * time.Minute,
		WatchThreshold: 0.9, WatchSensitiveThreshold: 0.5,
	}
}

func TestValidateNamesTheVariable(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string // "" = valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"slack app token wrong kind", func(c *Config) { c.SlackAppToken, c.SlackBotToken, c.SlackAlertChannel = "xoxb-1", "xoxb-2", "C1" }, "SLACK_APP_TOKEN"},
		{"slack bot token missing", func(c *Config) { c.SlackAppToken, c.SlackAlertChannel = "xapp-1", "C1" }, "SLACK_BOT_TOKEN"},
		{"slack without alert channel", func(c *Config) { c.SlackAppToken, c.SlackBotToken = "xapp-1", "xoxb-1" }, "SLACK_ALERT_CHANNEL"},
		{"slack complete", func(c *Config) { c.SlackAppToken, c.SlackBotToken, c.SlackAlertChannel = "xapp-1", "xoxb-1", "C1" }, ""},
		{"too many connections", func(c *Config) { c.SlackConnections = 11 }, "SLACK_CONNECTIONS"},
		{"one cloud key only", func(c *Config) { c.CloudOpsAPIKey = "k" }, "TEMPORAL_CLOUD_OPS_API_KEY/TEMPORAL_CLOUD_METRICS_API_KEY"},
		{"cert without key", func(c *Config) { c.TemporalTLSCertPath = "c.pem" }, "TEMPORAL_TLS_CLIENT_CERT_PATH"},
		{"api key and mtls", func(c *Config) { c.TemporalAPIKey, c.TemporalTLSCertPath, c.TemporalTLSKeyPath = "k", "c", "k" }, "TEMPORAL_API_KEY"},
		{"rate above the service account limit", func(c *Config) { c.CloudOpsRateLimit = 81 }, "CLOUD_OPS_RATE_LIMIT"},
		{"zero rate", func(c *Config) { c.CloudOpsRateLimit = 0 }, "CLOUD_OPS_RATE_LIMIT"},
		{"max trus below one", func(c *Config) { c.MaxTRUs = 0 }, "MAX_TRUS"},
		{"default longer than max", func(c *Config) { c.DefaultBoostDuration = 100 * time.Hour }, "DEFAULT_BOOST_DURATION"},
		{"no lead", func(c *Config) { c.MaxBoostLead = 0 }, "MAX_BOOST_LEAD"},
		{"negative lead", func(c *Config) { c.MaxBoostLead = -time.Hour }, "MAX_BOOST_LEAD"},
		{"negative price", func(c *Config) { c.ActionPricePerMillion = -1 }, "ACTION_PRICE_PER_MILLION"},
		{"outside change left without asking", func(c *Config) { c.ExternalChangeTimeout = 0 }, ""},
		{"negative outside change timeout", func(c *Config) { c.ExternalChangeTimeout = -time.Minute }, "EXTERNAL_CHANGE_DECISION_TIMEOUT"},
		{"outside change timeout over a day", func(c *Config) { c.ExternalChangeTimeout = 25 * time.Hour }, "EXTERNAL_CHANGE_DECISION_TIMEOUT"},
		{"approval by size without approvers", func(c *Config) { c.ApprovalAboveTRUs, c.ApprovalTimeout = 6, time.Hour }, "SLACK_APPROVER_USERS/SLACK_APPROVER_GROUPS"},
		{"boost requests without approvers", func(c *Config) { c.AllowBoostRequests, c.ApprovalTimeout = true, time.Hour }, "SLACK_APPROVER_USERS/SLACK_APPROVER_GROUPS"},
		{"blank approver only", func(c *Config) {
			c.ApprovalLongerThan, c.ApprovalTimeout, c.SlackApproverUsers = 8*time.Hour, time.Hour, []string{" "}
		}, "SLACK_APPROVER_USERS/SLACK_APPROVER_GROUPS"},
		{"approval by size with an approver group", func(c *Config) {
			c.ApprovalAboveTRUs, c.ApprovalTimeout, c.SlackApproverGroups = 6, time.Hour, []string{"S1"}
		}, ""},
		{"approval without timeout", func(c *Config) {
			c.ApprovalAboveTRUs, c.SlackApproverUsers = 6, []string{"U1"}
		}, "APPROVAL_TIMEOUT"},
		{"negative approval size", func(c *Config) { c.ApprovalAboveTRUs = -1 }, "APPROVAL_ABOVE_TRUS"},
		{"negative approval length", func(c *Config) { c.ApprovalLongerThan = -time.Hour }, "APPROVAL_LONGER_THAN"},
		{"bad glob", func(c *Config) { c.NamespaceAllow = []string{"pay[ments"} }, "not a valid glob"},
		{"boost scopes", func(c *Config) { c.BoostScopes = "S0PAYMENTS=payments-*,orders-*;U0ALICE=*" }, ""},
		{"boost scope without globs", func(c *Config) { c.BoostScopes = "S0PAYMENTS=" }, "BOOST_SCOPES: S0PAYMENTS has no namespace glob"},
		{"boost scope without ID", func(c *Config) { c.BoostScopes = "payments-*" }, "BOOST_SCOPES: entry"},
		{"boost scope bad glob", func(c *Config) { c.BoostScopes = "U1=pay[" }, "BOOST_SCOPES: U1:"},
		{"boost scope twice", func(c *Config) { c.BoostScopes = "U1=a;U1=b" }, "BOOST_SCOPES: U1 is named twice"},
		{"embedded retention under a day", func(c *Config) { c.EmbeddedRetention = time.Hour }, "EMBEDDED_RETENTION"},
		{"bad log level", func(c *Config) { c.LogLevel = "loud" }, "LOG_LEVEL"},
		{"bad log format", func(c *Config) { c.LogFormat = "xml" }, "LOG_FORMAT"},
		{"simulated labels by bare name", func(c *Config) { c.SimMetricsLabelForm = "name" }, ""},
		{"simulated labels by ID", func(c *Config) { c.SimMetricsLabelForm = "id" }, ""},
		{"unknown simulated label form", func(c *Config) { c.SimMetricsLabelForm = "both" }, "SIM_METRICS_LABEL_FORM"},
		{"Metrics API budget at the account's limit", func(c *Config) { c.MetricsBudgetPerHour = 180 }, ""},
		{"Metrics API budget over the account's limit", func(c *Config) { c.MetricsBudgetPerHour = 181 }, "METRICS_API_BUDGET_PER_HOUR"},
		{"negative Metrics API budget", func(c *Config) { c.MetricsBudgetPerHour = -1 }, "METRICS_API_BUDGET_PER_HOUR"},
		{"simulated account of 10,000", func(c *Config) { c.SimNamespaces = 10000 }, ""},
		{"simulated account smaller than the demo", func(c *Config) { c.SimNamespaces = 11 }, "SIM_NAMESPACES"},
		{"simulated account too large", func(c *Config) { c.SimNamespaces = 20001 }, "SIM_NAMESPACES"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := valid()
			tc.edit(&c)
			err := c.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want one naming %q", err, tc.want)
			}
		})
	}
}

func TestLoadReadsTheEnvironmentAndDefaults(t *testing.T) {
	t.Setenv("NAMESPACE_ALLOWLIST", "payments*, orders-prod")
	t.Setenv("MAX_TRUS", "8")
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxBoostLead != 31*24*time.Hour {
		t.Errorf("MAX_BOOST_LEAD default = %s, want 31 days", c.MaxBoostLead)
	}
	if c.MaxTRUs != 8 || c.TaskQueue != "capacity-management-task-queue" || len(c.NamespaceAllow) != 2 || c.ExternalChangeTimeout != time.Hour {
		t.Fatalf("loaded %+v", c)
	}
	if !c.EmbeddedTemporal() || !c.SimulatedCloud() || c.SlackEnabled() {
		t.Fatalf("nothing configured should mean embedded, simulated, console: %+v", c)
	}
}

func TestLoadRefusesBadValues(t *testing.T) {
	t.Setenv("MAX_TRUS", "lots")
	if _, err := Load(""); err == nil || !strings.Contains(err.Error(), "MAX_TRUS") {
		t.Fatalf("error %v, want one naming MAX_TRUS", err)
	}
}

func TestRedactedHidesEverySecret(t *testing.T) {
	c := valid()
	c.SlackAppToken, c.SlackBotToken, c.TemporalAPIKey = "xapp-secret", "xoxb-secret", "tk-secret"
	c.CloudOpsAPIKey, c.MetricsAPIKey = "ops-secret", "metrics-secret"
	r := c.Redacted()
	for name, v := range r {
		if strings.Contains(v, "secret") {
			t.Errorf("%s printed as %q", name, v)
		}
	}
	if r["SLACK_BOT_TOKEN"] != "[redacted]" || r["TASK_QUEUE"] != "q" {
		t.Fatalf("redacted view wrong: bot token %q, task queue %q", r["SLACK_BOT_TOKEN"], r["TASK_QUEUE"])
	}
}

func TestNamespaceFilter(t *testing.T) {
	f := Config{NamespaceAllow: []string{"pay*", "orders-prod.acct1"}, NamespaceDeny: []string{"*-staging"}}.Filter()
	for ns, want := range map[string]bool{
		"payments.acct1":         true,  // bare name matches pay*
		"orders-prod.acct1":      true,  // full ID
		"orders-prod.other":      false, // another account
		"payments-staging.acct1": false, // deny wins
		"search.acct1":           false, // not allowed
	} {
		if got := f.Allowed(ns); got != want {
			t.Errorf("Allowed(%q) = %v, want %v", ns, got, want)
		}
	}
	if !(Config{}).Filter().Allowed("anything.acct") {
		t.Error("an empty filter must allow everything")
	}
}

func TestEnvNamesFollowTheTags(t *testing.T) {
	names := EnvNames()
	if got, want := len(names), reflect.TypeOf(Config{}).NumField(); got != want {
		t.Errorf("%d names for %d settings", got, want)
	}
	for _, want := range []string{"SLACK_BOOST_USERS", "SLACK_BOOST_GROUPS", "MAX_TRUS", "MAX_BOOST_DURATION", "SLACK_ALLOWED_CHANNELS"} {
		if !slices.Contains(names, want) {
			t.Errorf("EnvNames lacks %s: %v", want, names)
		}
	}
}
