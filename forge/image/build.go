package image

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The OCI annotation keys that stamping fills.
const (
	LabelVersion  = "org.opencontainers.image.version"
	LabelRevision = "org.opencontainers.image.revision"
	LabelCreated  = "org.opencontainers.image.created"
	LabelSource   = "org.opencontainers.image.source"
)

// Healthcheck timings: the same as Docker's defaults except Timeout, which
// is a little above the 3 seconds the healthcheck subcommand waits for the
// admin server.
const (
	healthInterval = 30 * time.Second
	healthTimeout  = 5 * time.Second
	healthRetries  = 3
)

// Spec describes the image of one app binary.
type Spec struct {
	// Name is the binary's file name in the image: it is installed as
	// /<Name> and is the entrypoint. Letters, digits, '.', '_' and '-'
	// only. Required.
	Name string
	// Binary is the static app binary. Required.
	Binary []byte
	// Base is the image to add the binary to; nil means scratch. Its
	// platform must be OS/Arch. Defaults to nil.
	Base v1.Image
	// OS is the image's operating system. Defaults to "linux".
	OS string
	// Arch is the image's architecture, a GOARCH value. It is never taken
	// from the building machine, so that the same inputs give the same
	// image anywhere. Defaults to "amd64".
	Arch string
	// Ports are the exposed ports, "8080" or "8080/tcp" or "53/udp".
	// Defaults to none.
	Ports []string
	// Labels are the image's labels, added to the base's. A LabelCreated
	// value, in RFC 3339, is also the image's creation time. Defaults to
	// none.
	Labels map[string]string
}

var validName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]*$`)

// Build assembles the image that spec describes. It reads nothing but
// spec.Base, and writes nothing: see WriteLayout, WriteTarball and Push.
func Build(spec Spec) (v1.Image, error) {
	if spec.OS == "" {
		spec.OS = "linux"
	}
	if spec.Arch == "" {
		spec.Arch = "amd64"
	}
	if !validName.MatchString(spec.Name) {
		return nil, fmt.Errorf("name %q: want a file name of letters, digits, '.', '_' and '-'", spec.Name)
	}
	if slices.Contains([]string{"etc", "home", "tmp"}, spec.Name) {
		return nil, fmt.Errorf("name %q: the image already has /%s", spec.Name, spec.Name)
	}
	if len(spec.Binary) == 0 {
		return nil, fmt.Errorf("binary is empty")
	}
	ports, err := exposedPorts(spec.Ports)
	if err != nil {
		return nil, err
	}
	created := epoch
	if v, ok := spec.Labels[LabelCreated]; ok {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return nil, fmt.Errorf("label %s=%q: not an RFC 3339 time such as 2026-11-27T21:00:00Z", LabelCreated, v)
		}
		created = t.UTC()
	}

	base, layerType := spec.Base, types.OCILayer
	if base == nil {
		base = mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	} else {
		if err := checkPlatform(base, spec.OS, spec.Arch); err != nil {
			return nil, err
		}
		// Keep the base's manifest format, and give the new layer the
		// media type of that format so that the manifest is not mixed.
		mt, err := base.MediaType()
		if err != nil {
			return nil, fmt.Errorf("base: %w", err)
		}
		if mt == types.DockerManifestSchema2 {
			layerType = types.DockerLayer
		}
	}

	tarBytes, err := layerTar(appEntries(spec.Name, spec.Binary, spec.Base == nil))
	if err != nil {
		return nil, fmt.Errorf("layer: %w", err)
	}
	layer, err := gzipLayer(tarBytes, layerType)
	if err != nil {
		return nil, fmt.Errorf("layer: %w", err)
	}
	img, err := mutate.Append(base, mutate.Addendum{
		Layer:   layer,
		History: v1.History{Created: v1.Time{Time: created}, CreatedBy: "forge-image build", Comment: "/" + spec.Name},
	})
	if err != nil {
		return nil, err
	}

	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.Created = v1.Time{Time: created}
	cf.OS, cf.Architecture = spec.OS, spec.Arch
	c := &cf.Config
	c.User = user
	c.Entrypoint = []string{"/" + spec.Name}
	c.Cmd = nil
	c.WorkingDir = "/"
	for p := range ports {
		if c.ExposedPorts == nil {
			c.ExposedPorts = map[string]struct{}{}
		}
		c.ExposedPorts[p] = struct{}{}
	}
	for k, v := range spec.Labels {
		if c.Labels == nil {
			c.Labels = map[string]string{}
		}
		c.Labels[k] = v
	}
	c.Healthcheck = &v1.HealthConfig{
		Test:     []string{"CMD", "/" + spec.Name, "healthcheck"},
		Interval: healthInterval,
		Timeout:  healthTimeout,
		Retries:  healthRetries,
	}
	return mutate.ConfigFile(img, cf)
}

// exposedPorts normalizes "8080" to "8080/tcp" and checks each port.
func exposedPorts(ports []string) (map[string]struct{}, error) {
	out := map[string]struct{}{}
	for _, p := range ports {
		num, proto, hasProto := strings.Cut(p, "/")
		if !hasProto {
			proto = "tcp"
		}
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || n > 65535 || (proto != "tcp" && proto != "udp" && proto != "sctp") {
			return nil, fmt.Errorf("port %q: want a number from 1 to 65535, optionally followed by /tcp, /udp or /sctp", p)
		}
		out[strconv.Itoa(n)+"/"+proto] = struct{}{}
	}
	return out, nil
}

// checkPlatform fails when the base is for another platform than the
// image, which would give an image whose binary cannot run on its base.
func checkPlatform(base v1.Image, os, arch string) error {
	cf, err := base.ConfigFile()
	if err != nil {
		return fmt.Errorf("base: %w", err)
	}
	if cf.OS != os || cf.Architecture != arch {
		return fmt.Errorf("base is %s/%s, the image is %s/%s", cf.OS, cf.Architecture, os, arch)
	}
	return nil
}
