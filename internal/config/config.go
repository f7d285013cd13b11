// Package config loads the bot's settings once, from the environment and an
// optional .env file, and validates them at start so that a mistake is named
// before anything runs.
package config

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/joho/godotenv"
	"github.com/kelseyhightower/envconfig"
)

// Config holds every setting. Each field's envconfig name is the environment
// variable; .env.example documents them all.
type Config struct {
	// Slack. Both tokens unset: the console adapter is used instead.
	SlackAppToken        string        `envconfig:"SLACK_APP_TOKEN" secret:"true"`
	SlackBotToken        string        `envconfig:"SLACK_BOT_TOKEN" secret:"true"`
	SlackAPIURL          string        `envconfig:"SLACK_API_URL"`
	SlackAlertChannel    string        `envconfig:"SLACK_ALERT_CHANNEL"`
	SlackAllowedChannels []string      `envconfig:"SLACK_ALLOWED_CHANNELS"`
	SlackBoostUsers      []string      `envconfig:"SLACK_BOOST_USERS"`
	SlackBoostGroups     []string      `envconfig:"SLACK_BOOST_GROUPS"`
	SlackGroupCacheTTL   time.Duration `envconfig:"SLACK_GROUP_CACHE_TTL" default:"5m"`
	// BoostScopes maps users and user groups to the namespaces they may
	// change ("S0PAYMENTS=payments-*,orders-*;U0ALICE=*"); unset: every
	// allowed namespace. Read with Scopes.
	BoostScopes      string `envconfig:"BOOST_SCOPES"`
	SlackConnections int    `envconfig:"SLACK_CONNECTIONS" default:"1"`

	// Console adapter.
	ConsoleUser string `envconfig:"CONSOLE_USER" default:"console-user"`

	// Temporal (the worker's own cluster). TEMPORAL_ADDRESS unset: embedded server.
	TemporalAddress       string `envconfig:"TEMPORAL_ADDRESS"`
	TemporalNamespace     string `envconfig:"TEMPORAL_NAMESPACE" default:"default"`
	TemporalAPIKey        string `envconfig:"TEMPORAL_API_KEY" secret:"true"`
	TemporalTLSCertPath   string `envconfig:"TEMPORAL_TLS_CLIENT_CERT_PATH"`
	TemporalTLSKeyPath    string `envconfig:"TEMPORAL_TLS_CLIENT_KEY_PATH"`
	TemporalTLSCAPath     string `envconfig:"TEMPORAL_TLS_SERVER_CA_CERT_PATH"`
	TemporalTLSServerName string `envconfig:"TEMPORAL_TLS_SERVER_NAME"`
	TaskQueue             string `envconfig:"TASK_QUEUE" default:"capacity-management-task-queue"`
	EmbeddedTemporalPort  int    `envconfig:"EMBEDDED_TEMPORAL_PORT" default:"0"`
	// EmbeddedRetention is how long the embedded server keeps finished
	// workflows: how far back /capacity history can see.
	EmbeddedRetention      time.Duration `envconfig:"EMBEDDED_RETENTION" default:"2160h"`
	TemporalServerLogLevel string        `envconfig:"TEMPORAL_SERVER_LOG_LEVEL" default:"error"`

	// Temporal Cloud. Both keys unset: the simulated demo account is used.
	CloudOpsAPIKey     string  `envconfig:"TEMPORAL_CLOUD_OPS_API_KEY" secret:"true"`
	CloudOpsAddress    string  `envconfig:"CLOUD_OPS_API_ADDRESS" default:"saas-api.tmprl.cloud:443"`
	CloudOpsAPIVersion string  `envconfig:"TEMPORAL_CLOUD_API_VERSION"`
	CloudOpsRateLimit  float64 `envconfig:"CLOUD_OPS_RATE_LIMIT" default:"40"`
	MetricsAPIKey      string  `envconfig:"TEMPORAL_CLOUD_METRICS_API_KEY" secret:"true"`
	MetricsBaseURL     string  `envconfig:"CLOUD_METRICS_API_BASE_URL" default:"https://metrics.temporal.io"`
	// MetricsBudgetPerHour is the bot's share of the account's 180 Metrics
	// API requests an hour, shared with the customer's own scrapers.
	MetricsBudgetPerHour int `envconfig:"METRICS_API_BUDGET_PER_HOUR" default:"120"`

	// Policy.
	DryRun                bool          `envconfig:"DRY_RUN_MODE" default:"false"`
	NamespaceAllow        []string      `envconfig:"NAMESPACE_ALLOWLIST"`
	NamespaceDeny         []string      `envconfig:"NAMESPACE_DENYLIST"`
	MaxTRUs               float64       `envconfig:"MAX_TRUS" default:"12"`
	MaxBoostDuration      time.Duration `envconfig:"MAX_BOOST_DURATION" default:"72h"`
	MaxBoostLead          time.Duration `envconfig:"MAX_BOOST_LEAD" default:"744h"`
	DefaultBoostDuration  time.Duration `envconfig:"DEFAULT_BOOST_DURATION" default:"2h"`
	RemindBefore          time.Duration `envconfig:"REMIND_BEFORE" default:"15m"`
	ActionPricePerMillion float64       `envconfig:"ACTION_PRICE_PER_MILLION" default:"0"`
	// ExternalChangeTimeout is how long a boost whose capacity was changed
	// outside the bot (Terraform, tcld, the Cloud UI) waits for "Revert
	// anyway" before leaving that change as is; 0 leaves it without asking.
	ExternalChangeTimeout time.Duration `envconfig:"EXTERNAL_CHANGE_DECISION_TIMEOUT" default:"1h"`

	// Approvals (two-person rule); see approval.go.
	ApprovalAboveTRUs   float64       `envconfig:"APPROVAL_ABOVE_TRUS" default:"0"`
	ApprovalLongerThan  time.Duration `envconfig:"APPROVAL_LONGER_THAN" default:"0"`
	SlackApproverUsers  []string      `envconfig:"SLACK_APPROVER_USERS"`
	SlackApproverGroups []string      `envconfig:"SLACK_APPROVER_GROUPS"`
	ApprovalTimeout     time.Duration `envconfig:"APPROVAL_TIMEOUT" default:"1h"`
	AllowBoostRequests  bool          `envconfig:"ALLOW_BOOST_REQUESTS" default:"false"`

	// Throttling watch. WATCH_INTERVAL=0 turns it off.
	WatchInterval            time.Duration `envconfig:"WATCH_INTERVAL" default:"5m"`
	WatchThreshold           float64       `envconfig:"WATCH_THRESHOLD" default:"0.9"`
	WatchSensitiveThreshold  float64       `envconfig:"WATCH_SENSITIVE_THRESHOLD" default:"0.5"`
	WatchSensitiveNamespaces []string      `envconfig:"WATCH_SENSITIVE_NAMESPACES"`

	// Runtime.
	DataDir       string        `envconfig:"DATA_DIR" default:".capacitybot"`
	HTTPAddr      string        `envconfig:"HTTP_ADDR" default:"127.0.0.1:8080"`
	LogLevel      string        `envconfig:"LOG_LEVEL" default:"info"`
	LogFormat     string        `envconfig:"LOG_FORMAT" default:"console"`
	DrainTimeout  time.Duration `envconfig:"DRAIN_TIMEOUT" default:"20s"`
	SimAsyncDelay time.Duration `envconfig:"SIM_ASYNC_DELAY" default:"3s"`
	// SimMetricsLabelForm is the temporal_namespace label form the simulated
	// Metrics API serves (id or name), to try the bot against both.
	SimMetricsLabelForm string `envconfig:"SIM_METRICS_LABEL_FORM" default:"id"`
	// SimNamespaces is how many namespaces the simulated account holds: the
	// demo dozen, then generated ones, to try the bot on a large account.
	SimNamespaces int `envconfig:"SIM_NAMESPACES" default:"12"`

	// Simulated cloud's Cloud Ops key (only without Cloud keys): its account
	// role, its per-namespace permissions and its expiry, so that a key
	// lacking Namespace Admin, or about to expire, can be tried safely.
	SimKeyRole            string        `envconfig:"SIM_KEY_ROLE" default:"admin"`
	SimKeyNamespaceAccess []string      `envconfig:"SIM_KEY_NAMESPACE_ACCESS"`
	SimKeyExpiresIn       time.Duration `envconfig:"SIM_KEY_EXPIRES_IN" default:"0"`
}

// Load reads .env (when present; it never overrides the environment) and the
// environment, then validates.
func Load(envFile string) (Config, error) {
	if envFile != "" {
		if err := godotenv.Load(envFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			return Config{}, fmt.Errorf("reading %s: %w", envFile, err)
		}
	}
	var c Config
	if err := envconfig.Process("", &c); err != nil {
		return Config{}, fmt.Errorf("reading settings: %w", err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// SlackEnabled reports whether the bot connects to Slack (else: console).
func (c Config) SlackEnabled() bool { return c.SlackAppToken != "" || c.SlackBotToken != "" }

// EmbeddedTemporal reports whether the bot starts its own Temporal server.
func (c Config) EmbeddedTemporal() bool { return c.TemporalAddress == "" }

// SimulatedCloud reports whether the simulated Temporal Cloud account is used.
func (c Config) SimulatedCloud() bool { return c.CloudOpsAPIKey == "" && c.MetricsAPIKey == "" }
