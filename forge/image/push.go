package image

import (
	"context"
	"fmt"
	"io"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// PushOptions tunes Push.
type PushOptions struct {
	// Insecure talks plain HTTP to the registry. Loopback and private
	// addresses (127.0.0.1:5000, localhost:5000) use HTTP without it.
	// Defaults to false.
	Insecure bool
	// Keychain finds credentials for the registry. Defaults to
	// authn.DefaultKeychain, which reads the Docker config
	// ($DOCKER_CONFIG/config.json or ~/.docker/config.json) and its
	// credential helpers.
	Keychain authn.Keychain
	// Log receives one line per tag pushed. Defaults to io.Discard.
	Log io.Writer
}

// Push uploads img to repository ("registry.example.com/team/app") by
// digest, then points each tag at it, and returns the pushed reference
// ("registry.example.com/team/app@sha256:…"). Every tag is checked before
// anything is uploaded.
func Push(ctx context.Context, img v1.Image, repository string, tags []string, opts PushOptions) (name.Digest, error) {
	var nameOpts []name.Option
	if opts.Insecure {
		nameOpts = append(nameOpts, name.Insecure)
	}
	if opts.Keychain == nil {
		opts.Keychain = authn.DefaultKeychain
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	repo, err := name.NewRepository(repository, nameOpts...)
	if err != nil {
		return name.Digest{}, fmt.Errorf("repository %q: %w", repository, err)
	}
	refs := make([]name.Tag, len(tags))
	for i, t := range tags {
		if refs[i], err = name.NewTag(repository+":"+t, nameOpts...); err != nil {
			return name.Digest{}, fmt.Errorf("tag %q: %w", t, err)
		}
	}
	d, err := img.Digest()
	if err != nil {
		return name.Digest{}, err
	}
	ref := repo.Digest(d.String())
	remoteOpts := []remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(opts.Keychain)}
	if err := remote.Write(ref, img, remoteOpts...); err != nil {
		return name.Digest{}, fmt.Errorf("push %s: %w", ref, err)
	}
	for _, tag := range refs {
		if err := remote.Tag(tag, img, remoteOpts...); err != nil {
			return name.Digest{}, fmt.Errorf("tag %s: %w", tag, err)
		}
		fmt.Fprintf(opts.Log, "pushed %s\n", tag)
	}
	return ref, nil
}
