/**
 * An in-memory stand-in for the payment handlers' DynamoDB client: PutItem (with the
 * `attribute_not_exists` condition the handlers use) and GetItem, recording every call.
 */
import {
  DynamoDbError,
  type DynamoDb,
  type Item,
  type Operation,
} from "../../../../reference-stacks/payment-api/functions/dynamodb";

export class FakeDynamoDb implements DynamoDb {
  readonly items = new Map<string, Item>();
  readonly calls: { operation: Operation; input: Record<string, unknown> }[] = [];
  failWith?: Error;

  async call<T>(operation: Operation, input: Record<string, unknown>): Promise<T> {
    this.calls.push({ operation, input });
    if (this.failWith) throw this.failWith;
    const key = (k: Record<string, { S: string }>) => k.transactionId.S;
    if (operation === "PutItem") {
      const item = input.Item as Item;
      const id = key(item as Record<string, { S: string }>);
      if (input.ConditionExpression === "attribute_not_exists(transactionId)" && this.items.has(id)) {
        throw new DynamoDbError(
          "ConditionalCheckFailedException",
          "The conditional request failed",
          400,
          "rid-1",
        );
      }
      this.items.set(id, item);
      return {} as T;
    }
    if (operation === "GetItem") {
      const item = this.items.get(key(input.Key as Record<string, { S: string }>));
      return (item ? { Item: item } : {}) as T;
    }
    throw new Error(`FakeDynamoDb does not implement ${operation}`);
  }
}
