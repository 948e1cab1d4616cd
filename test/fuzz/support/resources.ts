/**
 * Generators of whole requests for one policy: a resource for Analyze (the policy's own types,
 * and others), and a stack for AnalyzeStack (corpus stacks cut down, mutated and rewired, or
 * random ones) with dependencies and propertyDependencies that may dangle, point at the resource
 * itself or form cycles.
 */
import fc from "fast-check";
import { TAGGABLE_AWS_TYPES } from "../../../policy-pack/lib/aws-types.generated";
import { appliesToType, type PolicyDefinition } from "../../../policy-pack/lib/policy";
import {
  keyArb,
  mutate,
  mutationsArb,
  nameArb,
  otherTypeArb,
  propsArb,
  providerPropsArb,
  urnArb,
} from "./arbitraries";
import { corpusStacks, loadCorpus, type CorpusResource } from "./corpus";
import type { WireProvider, WireResource } from "./rpc";

/** Concrete type tokens a policy evaluates (prefix entries expanded over the known AWS types). */
export function ownTypes(definition: PolicyDefinition): string[] {
  const known = new Set([...TAGGABLE_AWS_TYPES, ...loadCorpus().map((r) => r.type)]);
  if (definition.appliesTo === "*") return [...known].sort();
  const exact = [...definition.appliesTo].filter((t) => !t.endsWith("*"));
  const byPrefix = [...known].filter((t) => appliesToType(definition, t));
  return [...new Set([...exact, ...byPrefix])].sort();
}

function providerOf(resource: CorpusResource): WireProvider | undefined {
  if (!resource.providerUrn) return undefined;
  const provider = loadCorpus().find((r) => r.urn === resource.providerUrn && r.source === resource.source);
  return provider && { type: provider.type, name: provider.name, urn: provider.urn, props: provider.inputs };
}

const providerArb: fc.Arbitrary<WireProvider | undefined> = fc.option(
  fc.record({
    type: fc.constantFrom("pulumi:providers:aws", "pulumi:providers:aws", "pulumi:providers:random", ""),
    name: fc.constantFrom("default_7_48_0", "eu", "x"),
    urn: fc.constantFrom(
      "urn:pulumi:test::finguard-fuzz::pulumi:providers:aws::default_7_48_0",
      "urn:pulumi:test::finguard-fuzz::pulumi:providers:aws::eu",
      "",
    ),
    props: providerPropsArb,
  }),
  { freq: 3 },
);

const corpusProviderArb = (resource: CorpusResource): fc.Arbitrary<WireProvider | undefined> => {
  const own = providerOf(resource);
  return own
    ? fc.oneof(
        { weight: 4, arbitrary: fc.constant(own) },
        {
          weight: 1,
          arbitrary: mutationsArb(3, false).map((m) => ({ ...own, props: mutate(own.props, m) })),
        },
        { weight: 1, arbitrary: providerArb },
      )
    : providerArb;
};

/** A resource for Analyze, aimed at `definition` (inputs as properties); `heavy` allows huge and deep values. */
export function resourceArb(definition: PolicyDefinition, heavy = true): fc.Arbitrary<WireResource> {
  const types = ownTypes(definition);
  const seeds = loadCorpus().filter((r) => appliesToType(definition, r.type));
  const ownType = fc.constantFrom(...types);
  const fromCorpus = fc.constantFrom(...(seeds.length > 0 ? seeds : loadCorpus())).chain((seed) =>
    fc.record({
      type: seeds.length > 0 ? fc.constant(seed.type) : ownType,
      name: fc.oneof({ weight: 5, arbitrary: fc.constant(seed.name) }, { weight: 1, arbitrary: nameArb }),
      urn: fc.oneof(
        { weight: 5, arbitrary: fc.constant(seed.urn) },
        { weight: 1, arbitrary: urnArb(fc.constant(seed.type), nameArb) },
      ),
      props: mutationsArb(6, heavy).map((m) => mutate(seed.inputs, m)),
      protect: fc.boolean(),
      provider: corpusProviderArb(seed),
    }),
  );
  const random = (type: fc.Arbitrary<string>) =>
    fc.tuple(type, nameArb).chain(([t, name]) =>
      fc.record({
        type: fc.constant(t),
        name: fc.constant(name),
        urn: urnArb(fc.constant(t), fc.constant(name)),
        props: propsArb,
        protect: fc.boolean(),
        provider: providerArb,
      }),
    );
  return fc.oneof(
    { weight: 5, arbitrary: fromCorpus },
    { weight: 3, arbitrary: random(ownType) },
    { weight: 1, arbitrary: random(otherTypeArb) },
  );
}

type EdgeMutation =
  | { kind: "depend"; from: number; to: number }
  | { kind: "self"; from: number }
  | { kind: "cycle"; from: number; to: number }
  | { kind: "dangling"; from: number; urn: string }
  | { kind: "property"; from: number; key: string; to: number; dangling?: string }
  | { kind: "parent"; from: number; to: number; dangling?: string }
  | { kind: "cut"; from: number }
  | { kind: "duplicate-urn"; from: number; to: number };

const danglingUrnArb = fc.oneof(
  urnArb(
    fc.constantFrom("aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:ec2/vpc:Vpc", "aws:kms/alias:Alias"),
    nameArb,
  ),
  fc.constantFrom("", "urn:pulumi:other::stack::aws:kms/key:Key::shared", "not-a-urn"),
);

const edgeArb: fc.Arbitrary<EdgeMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("depend" as const), from: fc.nat(), to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("self" as const), from: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cycle" as const), from: fc.nat(), to: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("dangling" as const), from: fc.nat(), urn: danglingUrnArb }),
  },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        kind: fc.constant("property" as const),
        from: fc.nat(),
        key: keyArb(),
        to: fc.nat(),
        dangling: danglingUrnArb,
      },
      { requiredKeys: ["kind", "from", "key", "to"] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      { kind: fc.constant("parent" as const), from: fc.nat(), to: fc.nat(), dangling: danglingUrnArb },
      { requiredKeys: ["kind", "from", "to"] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cut" as const), from: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("duplicate-urn" as const), from: fc.nat(), to: fc.nat() }),
  },
);

function rewire(resources: WireResource[], edges: readonly EdgeMutation[]): void {
  if (resources.length === 0) return;
  const at = (n: number) => resources[n % resources.length];
  for (const edge of edges) {
    const from = at(edge.from);
    from.dependencies ??= [];
    from.propertyDependencies ??= {};
    switch (edge.kind) {
      case "depend":
        from.dependencies.push(at(edge.to).urn);
        break;
      case "self":
        from.dependencies.push(from.urn);
        break;
      case "cycle": {
        const to = at(edge.to);
        from.dependencies.push(to.urn);
        (to.dependencies ??= []).push(from.urn);
        break;
      }
      case "dangling":
        from.dependencies.push(edge.urn);
        break;
      case "property": {
        const deps = from.propertyDependencies;
        // Own keys only: a key such as "constructor" must not find Object.prototype's.
        if (!Object.hasOwn(deps, edge.key)) deps[edge.key] = [];
        deps[edge.key].push(edge.dangling ?? at(edge.to).urn);
        break;
      }
      case "parent":
        from.parent = edge.dangling ?? at(edge.to).urn;
        break;
      case "cut":
        from.dependencies = [];
        from.propertyDependencies = {};
        break;
      case "duplicate-urn":
        at(edge.to).urn = from.urn;
        break;
    }
  }
}

function corpusStackResource(resource: CorpusResource): WireResource {
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    props: resource.outputs,
    protect: resource.protect,
    provider: providerOf(resource),
    parent: resource.parent,
    dependencies: [...resource.dependencies],
    propertyDependencies: Object.fromEntries(
      Object.entries(resource.propertyDependencies).map(([key, urns]) => [key, [...urns]]),
    ),
  };
}

/** A stack for AnalyzeStack, aimed at `definition` (outputs as properties). */
export function stackArb(definition: PolicyDefinition): fc.Arbitrary<WireResource[]> {
  const stacks = corpusStacks();
  const extra = fc.array(resourceArb(definition, false), { maxLength: 8 });
  const fromCorpus = fc
    .constantFrom(...stacks)
    .chain((stack) =>
      fc.tuple(
        fc.subarray(stack, { minLength: 0 }),
        fc.array(fc.tuple(fc.nat(), mutationsArb(4, false)), { maxLength: 8 }),
        // Now and then one huge or deeply nested value somewhere (costly to serialise).
        fc.option(fc.tuple(fc.nat(), mutationsArb(1, true)), { freq: 8 }),
        extra,
        fc.array(edgeArb, { maxLength: 10 }),
      ),
    )
    .map(([kept, mutations, heavyMutation, added, edges]) => {
      const resources = kept.map(corpusStackResource);
      for (const [index, list] of heavyMutation ? [...mutations, heavyMutation] : mutations) {
        if (resources.length === 0) break;
        const target = resources[index % resources.length];
        target.props = mutate(target.props, list);
      }
      resources.push(...structuredClone(added));
      rewire(resources, edges);
      return resources;
    });
  const random = fc
    .tuple(fc.array(resourceArb(definition, false), { maxLength: 15 }), fc.array(edgeArb, { maxLength: 15 }))
    .map(([generated, edges]) => {
      const resources = structuredClone(generated);
      rewire(resources, edges);
      return resources;
    });
  return fc.oneof({ weight: 3, arbitrary: fromCorpus }, { weight: 2, arbitrary: random });
}
