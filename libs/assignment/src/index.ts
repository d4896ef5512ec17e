// Public API of @modelgate/assignment.
export { murmur3Utf8, murmur3X86_32 } from './hash/murmur3';
export { bucketCount, bucketOf } from './hash/bucket';
export { conditionHolds, isEligible } from './targeting/targeting';
export { abSaltOf, compileDeployment, requestSaltOf, type CompiledDeployment } from './routing/compiled-deployment';
export { assign, type AssignInput } from './routing/assign';
