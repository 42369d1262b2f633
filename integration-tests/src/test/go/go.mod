module dtmshop/interop

go 1.22

require (
	// DTM's official Go client: v1.18.7 is the version the module proxy here serves (v1.18.0-6 and
	// v1.19.0 are refused)
	github.com/dtm-labs/client v1.18.7
	github.com/dtm-labs/logger v0.0.1
	github.com/go-sql-driver/mysql v1.7.0
	// the versions DTM v1.19.0 itself is built with (scripts/install-deps.sh), so the module cache and
	// the build cache serve both
	google.golang.org/grpc v1.56.3
	google.golang.org/grpc/cmd/protoc-gen-go-grpc v1.3.0
	google.golang.org/protobuf v1.34.1
)
