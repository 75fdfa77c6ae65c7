package auth_test

import (
	"fmt"
	"time"

	"github.com/forge-framework/forge/runtime/auth"
)

func ExampleVerify() {
	secret := []byte("an-example-secret-of-32-bytes!!!")
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

	token, err := auth.Mint(secret, auth.Claims{
		Subject:   "user-42",
		Tenant:    "acme",
		Issuer:    "shop",
		IssuedAt:  now,
		ExpiresAt: now.Add(24 * time.Hour),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(token)

	c, err := auth.Verify(secret, token, "shop", now.Add(time.Hour))
	fmt.Println(c.Subject, c.Tenant, c.ExpiresAt, err)

	_, err = auth.Verify(secret, token, "shop", now.Add(48*time.Hour))
	fmt.Println(err)
	// Output:
	// eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwidGlkIjoiYWNtZSIsImlzcyI6InNob3AiLCJpYXQiOjE3Nzc2MzY4MDAsImV4cCI6MTc3NzcyMzIwMH0.thTT7gadZDmtRN-QJhdVr-QTgVUn6FtBQEQ4n64DcUs
	// user-42 acme 2026-05-02 12:00:00 +0000 UTC <nil>
	// token expired at 2026-05-02T12:00:00Z
}
