// Package deploy holds what running the bot next to other services needs:
// Kubernetes manifests (kubernetes/), a Grafana dashboard (grafana/) and
// Prometheus alert rules (prometheus/). It has no code; its tests keep the
// files true to the binary: manifests decode into the Kubernetes API types,
// set only settings the config knows, probe the health server's paths, and
// the dashboard and alerts use only metric names /metrics serves.
package deploy
