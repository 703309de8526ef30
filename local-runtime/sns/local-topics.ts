import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

/** A message published to a topic, kept so that it can be shown and checked. */
export interface PublishedMessage {
  readonly topicArn: string;
  readonly messageId: string;
  readonly subject?: string;
  readonly message: string;
  readonly timestamp: Date;
}

/** SNS's error for a topic that does not exist. */
export class TopicNotFoundError extends Error {
  public override readonly name = 'NotFoundException';
}

/**
 * SNS topics of the local runtime. Subscriptions (email, ...) cannot be delivered locally: every
 * published message is kept and announced instead, which is what the demo and the tests look at.
 */
export class LocalTopics {
  public readonly events = new EventEmitter<{ published: [message: PublishedMessage] }>();
  private readonly published = new Map<string, PublishedMessage[]>();

  public add(topicArn: string): void {
    this.published.set(topicArn, []);
  }

  public publish(topicArn: string, message: string, subject?: string): { MessageId: string } {
    const messages = this.published.get(topicArn);
    if (!messages) throw new TopicNotFoundError(`Topic does not exist: ${topicArn}`);
    const published: PublishedMessage = { topicArn, messageId: randomUUID(), message, timestamp: new Date(), ...(subject !== undefined && { subject }) };
    messages.push(published);
    this.events.emit('published', published);
    return { MessageId: published.messageId };
  }

  public messages(topicArn: string): readonly PublishedMessage[] {
    return this.published.get(topicArn) ?? [];
  }
}
