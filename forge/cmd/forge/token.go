package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
)

// defaultConfigFile is read by forge token when --config is not given and
// the file exists in the current directory.
const defaultConfigFile = "forge.toml"

func init() {
	register(&command{
		name:    "token",
		summary: "mint a bearer token for a user with the app's auth secret, for development and scripts",
		usage:   "--user ID [--tenant ID] [--ttl 24h] [--config FILE]",
		setup:   setupToken,
	})
}

func setupToken(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	user := fs.String("user", "", "the user `ID` (the token's sub); required")
	tenant := fs.String("tenant", "", "the tenant `ID` (the token's tid); none if empty")
	ttl := fs.Duration("ttl", 24*time.Hour, "how long the token stays valid")
	configPath := fs.String("config", "", "the app's config `FILE`; defaults to "+defaultConfigFile+" if it exists, else the environment and defaults only")
	return func(args []string, stdout, stderr io.Writer) int {
		switch {
		case len(args) > 0:
			fmt.Fprintf(stderr, "forge token: unexpected argument %q\n", args[0])
			return exitUsage
		case *user == "":
			fmt.Fprintln(stderr, "forge token: --user is required")
			return exitUsage
		case *ttl <= 0:
			fmt.Fprintf(stderr, "forge token: --ttl must be positive, got %s\n", *ttl)
			return exitUsage
		}
		path := *configPath
		if path == "" {
			// A forge.toml that exists but cannot be read is still the
			// app's config: Load reports why rather than it being ignored.
			if _, err := os.Stat(defaultConfigFile); !errors.Is(err, os.ErrNotExist) {
				path = defaultConfigFile
			}
		}
		return mintToken(path, *user, *tenant, *ttl, stdout, stderr)
	}
}

// mintToken mints a token for user and tenant, valid for ttl from now,
// with the secret and issuer of the config at path ("" for environment and
// defaults only), and prints only the token on stdout so that
// TOKEN=$(forge token …) works.
func mintToken(path, user, tenant string, ttl time.Duration, stdout, stderr io.Writer) int {
	cfg, err := config.Load(path)
	if err != nil {
		fmt.Fprintf(stderr, "forge token: %v\n", err)
		return exitUser
	}
	secret, err := auth.SecretFromConfig(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "forge token: %v\n", err)
		return exitUser
	}
	now := time.Now()
	tok, err := auth.Mint(secret, auth.Claims{
		Subject:   user,
		Tenant:    tenant,
		Issuer:    cfg.Auth.Issuer, // Load defaults it to app.name
		IssuedAt:  now,
		ExpiresAt: now.Add(ttl),
	})
	if err != nil {
		fmt.Fprintf(stderr, "forge token: %v\n", err)
		return exitUser
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintf(stderr, "forge token: %s\n", w)
	}
	if path == "" {
		// The app reads its forge.toml; a token minted without it carries
		// the default issuer, which the app refuses if it names its own.
		fmt.Fprintf(stderr, "forge token: no %s here and no --config: signed with issuer %q from the environment and defaults; "+
			"an app whose forge.toml sets app.name or auth.issuer refuses it, so run forge token in the app's directory or pass --config\n",
			defaultConfigFile, cfg.Auth.Issuer)
	}
	if cfg.Auth.Secret == "" {
		fmt.Fprintln(stderr, "forge token: auth.secret is not set: signed with the development secret, valid outside production only")
	}
	if _, err := fmt.Fprintln(stdout, tok); err != nil {
		fmt.Fprintf(stderr, "forge token: %v\n", err)
		return exitUser
	}
	return exitOK
}
