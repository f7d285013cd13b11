package config

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
)

// maxExternalChangeTimeout bounds EXTERNAL_CHANGE_DECISION_TIMEOUT: a boost
// should not stay open for days over a change nobody answers about.
const maxExternalChangeTimeout = 24 * time.Hour

// SettingError is one invalid setting: the variable (or variables, joined
// by "/") and what is wrong with it.
type SettingError struct {
	Name    string
	Problem string
}

func (e *SettingError) Error() string { return e.Name + ": " + e.Problem }

// Validate checks every setting and returns all problems at once, each naming
// the variable and what is wrong with it.
func (c Config) Validate() error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, &SettingError{Name: name, Problem: fmt.Sprintf(format, args...)})
	}
	if c.SlackEnabled() {
		if !strings.HasPrefix(c.SlackAppToken, "xapp-") {
			bad("SLACK_APP_TOKEN", "must be an app-level token starting with xapp- (set both Slack tokens, or neither for the console)")
		}
		if !strings.HasPrefix(c.SlackBotToken, "xoxb-") {
			bad("SLACK_BOT_TOKEN", "must be a bot token starting with xoxb- (set both Slack tokens, or neither for the console)")
		}
		if c.SlackAlertChannel == "" {
			bad("SLACK_ALERT_CHANNEL", "is required with Slack: failures are posted there")
		}
	}
	if c.SlackConnections < 1 || c.SlackConnections > 10 {
		bad("SLACK_CONNECTIONS", "must be between 1 and 10 (Slack allows 10 Socket Mode connections per app), got %d", c.SlackConnections)
	}
	if (c.CloudOpsAPIKey == "") != (c.MetricsAPIKey == "") {
		bad("TEMPORAL_CLOUD_OPS_API_KEY/TEMPORAL_CLOUD_METRICS_API_KEY", "set both for a real account, or neither for the simulated one")
	}
	if (c.TemporalTLSCertPath == "") != (c.TemporalTLSKeyPath == "") {
		bad("TEMPORAL_TLS_CLIENT_CERT_PATH/TEMPORAL_TLS_CLIENT_KEY_PATH", "set both for mTLS, or neither")
	}
	if c.TemporalAPIKey != "" && c.TemporalTLSCertPath != "" {
		bad("TEMPORAL_API_KEY", "use an API key or mTLS certificates, not both")
	}
	if c.TaskQueue == "" {
		bad("TASK_QUEUE", "must not be empty")
	}
	if c.CloudOpsRateLimit <= 0 || c.CloudOpsRateLimit > 80 {
		bad("CLOUD_OPS_RATE_LIMIT", "must be above 0 and at most 80 requests/s (the Cloud Ops limit per service account), got %v", c.CloudOpsRateLimit)
	}
	if c.MaxTRUs < 1 {
		bad("MAX_TRUS", "must be at least 1, got %v", c.MaxTRUs)
	}
	if c.MaxBoostDuration <= 0 {
		bad("MAX_BOOST_DURATION", "must be a positive duration such as 72h, got %s", c.MaxBoostDuration)
	}
	if c.MaxBoostLead <= 0 {
		bad("MAX_BOOST_LEAD", "must be a positive duration such as 744h (31 days), got %s", c.MaxBoostLead)
	}
	if c.DefaultBoostDuration < 0 || c.DefaultBoostDuration > c.MaxBoostDuration {
		bad("DEFAULT_BOOST_DURATION", "must be between 0 and MAX_BOOST_DURATION (%s), got %s", c.MaxBoostDuration, c.DefaultBoostDuration)
	}
	if c.RemindBefore < 0 {
		bad("REMIND_BEFORE", "must not be negative, got %s", c.RemindBefore)
	}
	if c.ExternalChangeTimeout < 0 || c.ExternalChangeTimeout > maxExternalChangeTimeout {
		bad("EXTERNAL_CHANGE_DECISION_TIMEOUT", "must be between 0 (leave outside changes without asking) and %s, got %s", maxExternalChangeTimeout, c.ExternalChangeTimeout)
	}
	if c.EmbeddedRetention != 0 && c.EmbeddedRetention < 24*time.Hour { // 0: the server's default
		bad("EMBEDDED_RETENTION", "must be at least 24h (Temporal's shortest retention), got %s", c.EmbeddedRetention)
	}
	if c.ActionPricePerMillion < 0 {
		bad("ACTION_PRICE_PER_MILLION", "must not be negative, got %v", c.ActionPricePerMillion)
	}
	for _, g := range append(append([]string{}, c.NamespaceAllow...), c.NamespaceDeny...) {
		if err := capacity.CheckGlob(g); err != nil {
			bad("NAMESPACE_ALLOWLIST/NAMESPACE_DENYLIST", "%v", err)
		}
	}
	if _, err := capacity.ParseScopes(c.BoostScopes); err != nil {
		bad(capacity.ScopesSetting, "%v", err)
	}
	c.validateWatch(bad)
	c.validateApproval(bad)
	c.validateSimulator(bad)
	c.validateSimKey(bad)
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("LOG_LEVEL", "must be debug, info, warn or error, got %q", c.LogLevel)
	}
	switch c.LogFormat {
	case "console", "json":
	default:
		bad("LOG_FORMAT", "must be console or json, got %q", c.LogFormat)
	}
	return errors.Join(errs...)
}
