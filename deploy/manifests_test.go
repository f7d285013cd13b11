package deploy

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

// kustomization is the part of kustomize's Kustomization the manifests use;
// decoding strictly into it refuses any other field (kustomize's own types
// are not in the module graph).
type kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Resources  []string `json:"resources"`
}

// typeMeta is read first to pick the type a document decodes into.
type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

// kinds maps each kind the manifests may hold to its API version and a new
// value of its Go type.
var kinds = map[string]struct {
	apiVersion string
	new        func() any
}{
	"Kustomization":         {"kustomize.config.k8s.io/v1beta1", func() any { return &kustomization{} }},
	"ConfigMap":             {"v1", func() any { return &corev1.ConfigMap{} }},
	"Secret":                {"v1", func() any { return &corev1.Secret{} }},
	"Service":               {"v1", func() any { return &corev1.Service{} }},
	"PersistentVolumeClaim": {"v1", func() any { return &corev1.PersistentVolumeClaim{} }},
	"Deployment":            {"apps/v1", func() any { return &appsv1.Deployment{} }},
	"PodDisruptionBudget":   {"policy/v1", func() any { return &policyv1.PodDisruptionBudget{} }},
}

const kubeDir = "kubernetes"

// secretTemplate is the Secret left out of the kustomizations on purpose.
const secretTemplate = "kubernetes/secret.example.yaml"

// decodeFile decodes every document of a manifest strictly into its type.
func decodeFile(path string) ([]any, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []any
	for i, doc := range bytes.Split(raw, []byte("\n---\n")) {
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		var tm typeMeta
		if err := yaml.Unmarshal(doc, &tm); err != nil {
			return nil, fmt.Errorf("%s document %d: %w", path, i, err)
		}
		k, ok := kinds[tm.Kind]
		if !ok {
			return nil, fmt.Errorf("%s document %d: kind %q is not one the tests know", path, i, tm.Kind)
		}
		if tm.APIVersion != k.apiVersion {
			return nil, fmt.Errorf("%s document %d: %s has apiVersion %q, want %q", path, i, tm.Kind, tm.APIVersion, k.apiVersion)
		}
		obj := k.new()
		if err := yaml.UnmarshalStrict(doc, obj); err != nil {
			return nil, fmt.Errorf("%s document %d (%s): %w", path, i, tm.Kind, err)
		}
		out = append(out, obj)
	}
	return out, nil
}

// variant is what one kustomization deploys.
type variant struct {
	dir     string
	objects []any
	files   []string
}

// loadVariant follows a kustomization's resources (files and folders
// holding a kustomization) and decodes everything it deploys.
func loadVariant(t *testing.T, dir string) variant {
	t.Helper()
	v := variant{dir: dir}
	var walk func(dir string)
	walk = func(dir string) {
		path := filepath.Join(dir, "kustomization.yaml")
		objs, err := decodeFile(path)
		if err != nil {
			t.Fatal(err)
		}
		k := objs[0].(*kustomization)
		for _, r := range k.Resources {
			p := filepath.Join(dir, r)
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatalf("%s lists %s: %v", path, r, err)
			}
			if fi.IsDir() {
				walk(p)
				continue
			}
			objs, err := decodeFile(p)
			if err != nil {
				t.Fatal(err)
			}
			v.objects = append(v.objects, objs...)
			v.files = append(v.files, p)
		}
	}
	walk(dir)
	return v
}

func variants(t *testing.T) (external, embedded variant) {
	t.Helper()
	return loadVariant(t, kubeDir), loadVariant(t, filepath.Join(kubeDir, "embedded"))
}

func only[T any](t *testing.T, v variant) []*T {
	t.Helper()
	var out []*T
	for _, o := range v.objects {
		if x, ok := o.(*T); ok {
			out = append(out, x)
		}
	}
	return out
}

func one[T any](t *testing.T, v variant) *T {
	t.Helper()
	all := only[T](t, v)
	if len(all) != 1 {
		t.Fatalf("%s deploys %d %T, want 1", v.dir, len(all), new(T))
	}
	return all[0]
}

func secret(t *testing.T) *corev1.Secret {
	t.Helper()
	objs, err := decodeFile(secretTemplate)
	if err != nil {
		t.Fatal(err)
	}
	return objs[0].(*corev1.Secret)
}

// TestEveryManifestDecodesStrictly decodes every YAML file under
// kubernetes/ into its Kubernetes API type, refusing unknown or misspelled
// fields, and checks that every one is deployed by a kustomization (except
// the Secret template, left out on purpose).
func TestEveryManifestDecodesStrictly(t *testing.T) {
	external, embedded := variants(t)
	deployed := map[string]bool{}
	for _, f := range append(external.files, embedded.files...) {
		deployed[filepath.Clean(f)] = true
	}
	err := filepath.WalkDir(kubeDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		if _, err := decodeFile(path); err != nil {
			t.Error(err)
		}
		if filepath.Base(path) != "kustomization.yaml" && path != filepath.Clean(secretTemplate) && !deployed[path] {
			t.Errorf("%s is in no kustomization", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if deployed[filepath.Clean(secretTemplate)] {
		t.Errorf("%s is deployed: kubectl apply -k would overwrite the real keys with placeholders", secretTemplate)
	}
}

// TestSecretTemplateHoldsNoValues: only placeholders, never a real key.
func TestSecretTemplateHoldsNoValues(t *testing.T) {
	s := secret(t)
	if len(s.Data) != 0 {
		t.Error("the template has base64 data; placeholders go in stringData")
	}
	if len(s.StringData) == 0 {
		t.Fatal("the template names no keys")
	}
	for k, v := range s.StringData {
		if !strings.Contains(v, "REPLACE_ME") {
			t.Errorf("%s = %q: the template holds only REPLACE_ME placeholders", k, v)
		}
	}
}
