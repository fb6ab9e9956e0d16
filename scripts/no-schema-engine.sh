#!/bin/sh
# Stand-in for Prisma's native schema engine on machines that cannot download it.
# `prisma generate` never calls it; migrations are applied by `npm run db:migrate` instead.
echo "The native Prisma schema engine is not available here. Apply migrations with 'npm run db:migrate'." >&2
exit 1
