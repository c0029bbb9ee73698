import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  type REST,
} from 'discord.js';
import { runCommand, type CommandReply, type CommandServices, type Invocation, type ParsedCommand } from '../../commands/index.ts';
import { timeZoneNames } from '../../config/index.ts';
import { errorMessage } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { renderDiscordLatest, renderDiscordNotice, SHARE_LATEST_PREFIX, type DiscordMessage } from '../../render/index.ts';

/** Discord wants the first response within 3 s; slower answers are deferred and edited in. */
export const DISCORD_DEFER_AFTER_MS = 2000;

/** How the first response goes back: the HTTP response body, or the REST callback (gateway). */
export type InitialResponder = (response: APIInteractionResponse) => Promise<void>;

type Option = APIApplicationCommandInteractionDataOption;

/**
 * One interaction core for both transports (HTTP interactions and the gateway): PING, slash
 * commands, time-zone autocomplete and the "Share in channel" button.
 */
export class DiscordInteractions {
  constructor(
    private readonly rest: REST,
    private readonly applicationId: string,
    private readonly services: CommandServices,
    private readonly logger: Logger,
  ) {}

  async handle(interaction: APIInteraction, respond: InitialResponder): Promise<void> {
    switch (interaction.type) {
      case InteractionType.Ping:
        return respond({ type: InteractionResponseType.Pong });
      case InteractionType.ApplicationCommandAutocomplete:
        return respond({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: timeZoneChoices(focusedValue(interaction.data.options)) } });
      case InteractionType.ApplicationCommand: {
        const data = interaction.data as { name: string; options?: Option[] };
        const command = parsedFrom(data.name, data.options ?? []);
        return this.answer(interaction, respond, runCommand(this.services, invocationOf(interaction), command), true);
      }
      case InteractionType.MessageComponent: {
        const id = interaction.data.custom_id;
        if (!id.startsWith(SHARE_LATEST_PREFIX)) return respond({ type: InteractionResponseType.DeferredMessageUpdate });
        const query = id.slice(SHARE_LATEST_PREFIX.length);
        return this.answer(interaction, respond, runCommand(this.services, invocationOf(interaction), { name: 'latest', query }), false);
      }
      default:
        return respond({ type: InteractionResponseType.ChannelMessageWithSource, data: callbackData(renderDiscordNotice('parley does not handle this kind of interaction.'), true) });
    }
  }

  /**
   * Answers in the first response when the work is done in time; otherwise defers (Discord shows
   * "thinking…") and edits the answer in through the interaction webhook.
   * `ask` marks a command's own answer (private unless a settings change everyone should see);
   * otherwise it is a shared /latest answer, posted for the channel.
   */
  private async answer(interaction: APIInteraction, respond: InitialResponder, work: Promise<CommandReply>, ask: boolean): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), DISCORD_DEFER_AFTER_MS);
    });
    const quick = await Promise.race([work, late]);
    clearTimeout(timer);
    if (quick) {
      const { message, ephemeral } = toMessage(quick, ask);
      await respond({ type: InteractionResponseType.ChannelMessageWithSource, data: callbackData(message, ephemeral) });
      return;
    }
    await respond({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: ask ? { flags: MessageFlags.Ephemeral } : {} });
    try {
      const { message } = toMessage(await work, ask);
      await this.rest.patch(Routes.webhookMessage(this.applicationId, interaction.token, '@original'), { body: message, auth: false });
    } catch (error) {
      this.logger.error({ component: 'discord', err: error }, `could not send a deferred Discord answer: ${errorMessage(error)}`);
    }
  }
}

/** Our rendered message as an interaction response (the renderer's types are looser than discord.js's). */
function callbackData(message: DiscordMessage, ephemeral: boolean): APIInteractionResponseCallbackData {
  return { ...message, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) } as APIInteractionResponseCallbackData;
}

function toMessage(reply: CommandReply, ask: boolean): { message: DiscordMessage; ephemeral: boolean } {
  if (reply.kind === 'latest') return { message: renderDiscordLatest(reply.answer, { share: ask }), ephemeral: ask };
  return { message: renderDiscordNotice(reply.text), ephemeral: ask && reply.visibility === 'private' };
}

function invocationOf(interaction: APIInteraction): Invocation {
  const member = interaction.member;
  const user = member?.user ?? interaction.user;
  return {
    platform: 'discord',
    channelId: interaction.channel?.id ?? interaction.channel_id ?? '',
    workspaceId: interaction.guild_id ?? null,
    userId: user?.id ?? '',
    // The member's permissions in this channel, as Discord computed them for this interaction.
    isPlatformAdmin: async () => {
      if (!member?.permissions) return false;
      const granted = BigInt(member.permissions);
      return (granted & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n;
    },
  };
}

const stringOption = (options: Option[] | undefined, name: string): string | null => {
  const option = options?.find((o) => o.name === name);
  return option && 'value' in option && option.value !== undefined ? String(option.value) : null;
};

/** A slash command's options as the platform-neutral command; anything unknown becomes help. */
export function parsedFrom(name: string, options: Option[]): ParsedCommand {
  if (name === 'latest') return { name: 'latest', query: stringOption(options, 'query') ?? '' };
  if (name !== 'parley') return { name: 'help', problem: `Unknown command “/${name}”.` };
  const [sub] = options;
  if (!sub) return { name: 'help' };
  const args = 'options' in sub ? (sub.options as Option[] | undefined) : undefined;
  if (sub.type === ApplicationCommandOptionType.SubcommandGroup) {
    const [action] = (args ?? []) as Option[];
    const actionArgs = action && 'options' in action ? (action.options as Option[] | undefined) : undefined;
    if (sub.name !== 'sources' || !action) return { name: 'help', problem: `Unknown subcommand “${sub.name}”.` };
    switch (action.name) {
      case 'list':
        return { name: 'sources-list' };
      case 'add': {
        const url = stringOption(actionArgs, 'url');
        return url ? { name: 'sources-add', url } : { name: 'help', problem: '“sources add” needs a feed URL.' };
      }
      case 'remove': {
        const id = stringOption(actionArgs, 'id');
        return id ? { name: 'sources-remove', id } : { name: 'help', problem: '“sources remove” needs a source id.' };
      }
      default:
        return { name: 'help', problem: `Unknown sources action “${action.name}”.` };
    }
  }
  switch (sub.name) {
    case 'subscribe':
      return { name: 'subscribe', topic: stringOption(args, 'topic') };
    case 'schedule': {
      const cron = stringOption(args, 'cron');
      return cron ? { name: 'schedule', cron, timeZone: stringOption(args, 'timezone') } : { name: 'help', problem: '“schedule” needs a cron expression.' };
    }
    case 'why': {
      const about = stringOption(args, 'about');
      return about ? { name: 'why', about } : { name: 'help', problem: '“why” needs words of a title or an article’s URL.' };
    }
    case 'unsubscribe':
    case 'pause':
    case 'resume':
    case 'now':
    case 'status':
    case 'help':
      return { name: sub.name };
    default:
      return { name: 'help', problem: `Unknown subcommand “${sub.name}”.` };
  }
}

function focusedValue(options: Option[] | undefined): string {
  for (const option of options ?? []) {
    if ('focused' in option && option.focused) return String(option.value ?? '');
    if ('options' in option) {
      const inner = focusedValue(option.options as Option[]);
      if (inner !== '') return inner;
    }
  }
  return '';
}

const allZones = [...timeZoneNames()];

/** Up to 25 IANA zones containing what was typed (Discord's autocomplete limit). */
export function timeZoneChoices(typed: string): { name: string; value: string }[] {
  const needle = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const starts = allZones.filter((zone) => zone.toLowerCase().startsWith(needle) || zone.toLowerCase().split('/').some((part) => part.startsWith(needle)));
  const contains = allZones.filter((zone) => !starts.includes(zone) && zone.toLowerCase().includes(needle));
  return [...starts, ...contains].slice(0, 25).map((zone) => ({ name: zone, value: zone }));
}
