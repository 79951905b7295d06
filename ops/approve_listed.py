"""Staff command, once, after upgrading to the version with listing approval: every company the public registry
already lists counts as approved under the name it is listed with, so its next pledge keeps it listed rather
than sending it back to review.

    python -m ops.approve_listed [--by "migration"]

Reads the same configuration as the functions (INTEGRA_TABLE, AWS_*). Idempotent: an approved company is left as
it is. Prints how many it stamped.
"""
import argparse
import sys


def main(argv=None) -> int:
    from chalicelib import bootstrap
    from chalicelib.services import listings
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by", default="migration", help="who the approval is recorded as")
    args = parser.parse_args(argv)
    w = bootstrap.wiring()
    stamped = listings.approve_listed(w.store, args.by, w.clock())
    print(f"{stamped} listed compan{'y' if stamped == 1 else 'ies'} marked as approved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
