package main

import "testing"

// The vector dtm-client's BranchTokenTest.theTestVectorSharedWithGo checks too.
func TestBranchTokenVectorSharedWithJava(t *testing.T) {
	secret := "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" // base64 of "0123456789abcdef0123456789abcdef"
	for _, c := range []struct{ transType, gid, want string }{
		{"saga", "gid-1", "v1.3eb1bd43.WI06HNG3s1ZbE4tFEipPEFALLR5d_6JGsPorHGT4_cs"},
		{"xa", "Kf8xZ2aBcDeFgH", "v1.3eb1bd43.KO4t3yFJUFcZ3mojZgrNq9MWJszTOQG0KboOwV4m3FM"},
	} {
		got, err := BranchToken(secret, c.transType, c.gid)
		if err != nil || got != c.want {
			t.Errorf("BranchToken(%s, %s) = %q, %v; want %q", c.transType, c.gid, got, err, c.want)
		}
	}
	if _, err := BranchToken("c2hvcnQ=", "saga", "g"); err == nil {
		t.Error("a secret of 5 bytes was accepted")
	}
}
