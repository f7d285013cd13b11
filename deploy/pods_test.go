package deploy

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/internal/health"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// healthShutdownAllowance is how long serve gives the HTTP server after the
// worker stopped (shutdownHealth in cmd/capacitybot).
const healthShutdownAllowance = 5 * time.Second

// container is the bot's one container in a variant's Deployment.
func container(t *testing.T, v variant) (*appsv1.Deployment, corev1.Container) {
	t.Helper()
	d := one[appsv1.Deployment](t, v)
	if n := len(d.Spec.Template.Spec.Containers); n != 1 {
		t.Fatalf("%s: %d containers, want 1", v.dir, n)
	}
	return d, d.Spec.Template.Spec.Containers[0]
}

// environment is every variable a variant's container gets: its env, the
// ConfigMap it names, and the Secret template's keys for the Secret.
func environment(t *testing.T, v variant) map[string]string {
	t.Helper()
	_, c := container(t, v)
	env := map[string]string{}
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil:
			var found bool
			for _, cm := range only[corev1.ConfigMap](t, v) {
				if cm.Name == from.ConfigMapRef.Name {
					found = true
					for k, val := range cm.Data {
						env[k] = val
					}
				}
			}
			if !found {
				t.Errorf("%s: envFrom names ConfigMap %s, which it does not deploy", v.dir, from.ConfigMapRef.Name)
			}
		case from.SecretRef != nil:
			s := secret(t)
			if s.Name != from.SecretRef.Name {
				t.Errorf("%s: envFrom names Secret %s, the template is %s", v.dir, from.SecretRef.Name, s.Name)
			}
			for k, val := range s.StringData {
				env[k] = val
			}
		default:
			t.Errorf("%s: envFrom entry %+v is neither a ConfigMap nor a Secret", v.dir, from)
		}
	}
	for _, e := range c.Env {
		if e.ValueFrom != nil {
			t.Errorf("%s: env %s uses valueFrom; the tests read only values", v.dir, e.Name)
		}
		env[e.Name] = e.Value
	}
	return env
}

// loadConfig loads the settings as the variant deploys them, through the
// config's own parsing and validation.
func loadConfig(t *testing.T, env map[string]string) config.Config {
	t.Helper()
	for _, name := range config.EnvNames() {
		t.Setenv(name, "") // so that t restores it afterwards
		if err := os.Unsetenv(name); err != nil {
			t.Fatal(err)
		}
	}
	for name, value := range env {
		t.Setenv(name, value)
	}
	cfg, err := config.Load("")
	if err != nil {
		t.Fatalf("the settings as deployed do not load: %v", err)
	}
	return cfg
}

// TestEveryVariableIsASetting: each variable a manifest sets is one the
// config reads, and together they load and validate.
func TestEveryVariableIsASetting(t *testing.T) {
	external, embedded := variants(t)
	known := config.EnvNames()
	for _, v := range []variant{external, embedded} {
		t.Run(v.dir, func(t *testing.T) {
			env := environment(t, v)
			for name := range env {
				if !slices.Contains(known, name) {
					t.Errorf("%s sets %s, which the config does not read", v.dir, name)
				}
			}
			cfg := loadConfig(t, env)
			if cfg.LogFormat != "json" {
				t.Errorf("LOG_FORMAT %q, want json for a log collector", cfg.LogFormat)
			}
		})
	}
}

// TestProbesMatchTheHealthServer: the probes and the scrape annotation name
// paths the health server answers, on the port HTTP_ADDR makes it listen on.
func TestProbesMatchTheHealthServer(t *testing.T) {
	h := health.New("127.0.0.1:0", telemetry.New(), nil).Handler()
	answers := func(path string) int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Code
	}
	external, embedded := variants(t)
	for _, v := range []variant{external, embedded} {
		t.Run(v.dir, func(t *testing.T) {
			cfg := loadConfig(t, environment(t, v))
			_, portText, err := net.SplitHostPort(cfg.HTTPAddr)
			if err != nil {
				t.Fatalf("HTTP_ADDR %q: %v", cfg.HTTPAddr, err)
			}
			port, _ := strconv.Atoi(portText)
			host, _, _ := net.SplitHostPort(cfg.HTTPAddr)
			if host != "0.0.0.0" && host != "" {
				t.Errorf("HTTP_ADDR %q: the kubelet probes the pod IP, listen on every interface", cfg.HTTPAddr)
			}
			_, c := container(t, v)
			ports := map[string]int32{}
			for _, p := range c.Ports {
				ports[p.Name] = p.ContainerPort
			}
			resolve := func(p intstr.IntOrString) int {
				if p.Type == intstr.String {
					return int(ports[p.StrVal])
				}
				return p.IntValue()
			}
			probes := []struct {
				name  string
				probe *corev1.Probe
				want  []int // codes the health server may answer
			}{
				{"liveness", c.LivenessProbe, []int{200}},
				{"startup", c.StartupProbe, []int{200}},
				// A fresh server has no parts and is not draining: 200; a
				// path it does not serve would answer 404.
				{"readiness", c.ReadinessProbe, []int{200}},
			}
			for _, p := range probes {
				if p.probe == nil || p.probe.HTTPGet == nil {
					t.Errorf("%s probe missing or not HTTP", p.name)
					continue
				}
				if got := resolve(p.probe.HTTPGet.Port); got != port {
					t.Errorf("%s probe port %v = %d, HTTP_ADDR listens on %d", p.name, p.probe.HTTPGet.Port, got, port)
				}
				if code := answers(p.probe.HTTPGet.Path); !slices.Contains(p.want, code) {
					t.Errorf("%s probe GET %s: the health server answers %d", p.name, p.probe.HTTPGet.Path, code)
				}
			}
			if c.LivenessProbe != nil && c.ReadinessProbe != nil && c.LivenessProbe.HTTPGet != nil && c.ReadinessProbe.HTTPGet != nil &&
				c.LivenessProbe.HTTPGet.Path == c.ReadinessProbe.HTTPGet.Path {
				t.Error("liveness and readiness probe the same path: a draining replica would be restarted")
			}

			svc := one[corev1.Service](t, v)
			if len(svc.Spec.Ports) != 1 || resolve(svc.Spec.Ports[0].TargetPort) != port {
				t.Errorf("Service ports %+v do not reach port %d", svc.Spec.Ports, port)
			}
			if svc.Annotations["prometheus.io/scrape"] != "true" || svc.Annotations["prometheus.io/port"] != portText {
				t.Errorf("Service scrape annotations %v, want scrape true on port %s", svc.Annotations, portText)
			}
			if code := answers(svc.Annotations["prometheus.io/path"]); code != 200 {
				t.Errorf("scrape path %q: the health server answers %d", svc.Annotations["prometheus.io/path"], code)
			}
			pod := labels.Set(one[appsv1.Deployment](t, v).Spec.Template.Labels)
			if !labels.SelectorFromSet(svc.Spec.Selector).Matches(pod) {
				t.Errorf("Service selector %v does not select the pods %v", svc.Spec.Selector, pod)
			}
		})
	}
}

// TestDeploymentsAreHardenedAndDrain checks what both variants share.
func TestDeploymentsAreHardenedAndDrain(t *testing.T) {
	external, embedded := variants(t)
	for _, v := range []variant{external, embedded} {
		t.Run(v.dir, func(t *testing.T) {
			d, c := container(t, v)
			cfg := loadConfig(t, environment(t, v))
			// serve gives the chat side DRAIN_TIMEOUT, then the worker as
			// long, then the HTTP server its allowance.
			need := 2*cfg.DrainTimeout + healthShutdownAllowance
			grace := d.Spec.Template.Spec.TerminationGracePeriodSeconds
			if grace == nil || time.Duration(*grace)*time.Second <= need {
				t.Errorf("terminationGracePeriodSeconds %v, want more than %s (2 × DRAIN_TIMEOUT %s + %s)", grace, need, cfg.DrainTimeout, healthShutdownAllowance)
			}
			ps := d.Spec.Template.Spec.SecurityContext
			if ps == nil || ps.RunAsNonRoot == nil || !*ps.RunAsNonRoot {
				t.Error("the pod must set runAsNonRoot")
			}
			sc := c.SecurityContext
			if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
				t.Error("the container must have a read-only root filesystem")
			}
			if sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
				t.Error("the container must not allow privilege escalation")
			}
			if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
				t.Errorf("resources %+v: want CPU and memory requests and a memory limit", c.Resources)
			}
			mounted := false
			for _, m := range c.VolumeMounts {
				mounted = mounted || m.MountPath == cfg.DataDir
			}
			if !mounted {
				t.Errorf("DATA_DIR %s is not a mounted volume: the root filesystem is read-only", cfg.DataDir)
			}
		})
	}
}

func TestExternalVariantHasTwoReplicasAndABudget(t *testing.T) {
	external, _ := variants(t)
	d, c := container(t, external)
	cfg := loadConfig(t, environment(t, external))
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 2 {
		t.Errorf("replicas %v, want 2", d.Spec.Replicas)
	}
	if cfg.EmbeddedTemporal() {
		t.Error("TEMPORAL_ADDRESS is not set: every replica would start its own Temporal server")
	}
	if c.Image != "capacitybot:noembedded" {
		t.Errorf("image %q, want the noembedded build", c.Image)
	}
	if d.Spec.Strategy.Type != appsv1.RollingUpdateDeploymentStrategyType || d.Spec.Strategy.RollingUpdate == nil ||
		d.Spec.Strategy.RollingUpdate.MaxUnavailable.IntValue() != 0 {
		t.Errorf("strategy %+v, want a rolling update that keeps every replica until its successor is ready", d.Spec.Strategy)
	}
	pdb := one[policyv1.PodDisruptionBudget](t, external)
	sel, err := metaSelector(pdb)
	if err != nil {
		t.Fatal(err)
	}
	if !sel.Matches(labels.Set(d.Spec.Template.Labels)) {
		t.Errorf("the PodDisruptionBudget's selector %v does not select the pods", sel)
	}
	if pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.IntValue() < 1 || pdb.Spec.MinAvailable.IntValue() >= int(*d.Spec.Replicas) {
		t.Errorf("minAvailable %v: want at least 1 and fewer than the replicas, or no node could drain", pdb.Spec.MinAvailable)
	}
}

func TestEmbeddedVariantIsOneReplicaOnAVolume(t *testing.T) {
	_, embedded := variants(t)
	d, c := container(t, embedded)
	cfg := loadConfig(t, environment(t, embedded))
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 1 {
		t.Errorf("replicas %v, want exactly 1: the embedded server's SQLite file takes one process", d.Spec.Replicas)
	}
	if d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
		t.Errorf("strategy %s, want Recreate so that two servers never share the database", d.Spec.Strategy.Type)
	}
	if !cfg.EmbeddedTemporal() {
		t.Error("TEMPORAL_ADDRESS is set in the embedded variant")
	}
	if pdbs := only[policyv1.PodDisruptionBudget](t, embedded); len(pdbs) != 0 {
		t.Error("a disruption budget on one replica blocks every node drain")
	}
	pvc := one[corev1.PersistentVolumeClaim](t, embedded)
	var dataVolume string
	for _, m := range c.VolumeMounts {
		if m.MountPath == cfg.DataDir {
			dataVolume = m.Name
		}
	}
	var onClaim bool
	for _, vol := range d.Spec.Template.Spec.Volumes {
		if vol.Name == dataVolume && vol.PersistentVolumeClaim != nil && vol.PersistentVolumeClaim.ClaimName == pvc.Name {
			onClaim = true
		}
	}
	if !onClaim {
		t.Errorf("DATA_DIR %s is not on the claim %s", cfg.DataDir, pvc.Name)
	}
}

func metaSelector(pdb *policyv1.PodDisruptionBudget) (labels.Selector, error) {
	return metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
}
