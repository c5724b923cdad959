/**
 * @module Personas and channels of the corpus: bystanders, members of the fictional groups,
 * sympathisers, community channels and the groups' channels and private groups.
 */
import type { Channel, Persona } from './corpus-model.js';
import { FIRST_NAMES, GROUPS, LAST_NAMES, PLACES } from './fiction.js';
import type { Rng } from './prng.js';
import type { Language } from './vocab.js';

export const PERSONAS = 340;
export const MEMBERS_PER_GROUP = 6;
export const SYMPATHISERS = 16;

/** Latin spellings for handles of Arabic- and Urdu-script names (same order as FIRST_NAMES). */
const LATIN_FIRST: Partial<Record<Language, readonly string[]>> = {
  ar: [
    'salem',
    'layla',
    'yusuf',
    'maryam',
    'khalid',
    'noor',
    'omar',
    'huda',
    'tariq',
    'salma',
    'karim',
    'rana',
  ],
  ur: [
    'imran',
    'fatima',
    'bilal',
    'ayesha',
    'hamza',
    'saba',
    'faisal',
    'zainab',
    'asad',
    'mahwish',
  ],
};
const LATIN_LAST: Partial<Record<Language, readonly string[]>> = {
  ar: ['haddad', 'najjar', 'attar', 'sabbagh', 'khayyat', 'banna', 'zayyat', 'saqqa'],
  ur: ['qureshi', 'malik', 'chaudhry', 'sheikh', 'butt', 'mirza', 'khan', 'rana'],
};

const BIOS: Record<Language, readonly string[]> = {
  en: [
    'Living in {place}. Coffee, football, family.',
    'Teacher. Opinions my own.',
    'Small business owner in {place}.',
    'Just here for the match threads.',
  ],
  ar: [
    'أعيش في {place}. قهوة وكرة قدم وعائلة.',
    'معلم. الآراء تمثلني.',
    'صاحب متجر صغير في {place}.',
  ],
  ur: [
    '{place} میں رہتا ہوں۔ چائے، کرکٹ، خاندان۔',
    'استاد۔ رائے ذاتی ہے۔',
    '{place} میں چھوٹا کاروبار۔',
  ],
  id: [
    'Tinggal di {place}. Kopi, bola, keluarga.',
    'Guru. Pendapat pribadi.',
    'Pedagang kecil di {place}.',
  ],
  ms: [
    'Tinggal di {place}. Kopi, bola, keluarga.',
    'Cikgu. Pendapat sendiri.',
    'Peniaga kecil di {place}.',
  ],
  tl: [
    'Taga-{place}. Kape, basketbol, pamilya.',
    'Guro. Sariling opinyon.',
    'May maliit na negosyo sa {place}.',
  ],
};

const LANGUAGE_WEIGHTS: readonly (readonly [Language, number])[] = [
  ['en', 30],
  ['ar', 16],
  ['ur', 14],
  ['id', 14],
  ['ms', 13],
  ['tl', 13],
];

export function buildPersonas(
  s: Rng,
  v: Rng,
  newId: (n: number) => string,
  epoch: number,
): Persona[] {
  const handles = new Set<string>();
  const personas: Persona[] = [];
  const make = (
    language: Language,
    role: Persona['truth']['role'],
    group: string | null,
    bio?: string,
  ): Persona => {
    const fi = s.int(FIRST_NAMES[language].length);
    const li = s.int(LAST_NAMES[language].length);
    const first = FIRST_NAMES[language][fi] ?? '';
    const last = LAST_NAMES[language][li] ?? '';
    const latinFirst = (LATIN_FIRST[language]?.[fi] ?? first).toLowerCase();
    const latinLast = (LATIN_LAST[language]?.[li] ?? last).toLowerCase();
    let handle = '';
    do {
      handle = `${latinFirst}_${latinLast.slice(0, 4)}${v.range(1, 9999)}`;
    } while (handles.has(handle));
    handles.add(handle);
    const place = s.pick(PLACES[language]);
    const persona: Persona = {
      id: `u_${newId(10)}`,
      handle,
      displayName: `${first} ${last}`,
      bio: (bio ?? s.pick(BIOS[language])).replaceAll('{place}', place),
      language,
      location: place,
      joinedAt: new Date(epoch - s.range(30, 2000) * 86_400_000).toISOString(),
      following: [],
      followers: [],
      synthetic: true,
      truth: { role, group },
    };
    personas.push(persona);
    return persona;
  };

  for (const group of GROUPS) {
    for (let m = 0; m < MEMBERS_PER_GROUP; m += 1) {
      const language = group.languages[m % group.languages.length] ?? 'en';
      make(
        language,
        'member',
        group.slug,
        m === 0 ? `${group.name[language]} — ${group.slogan[language]}` : undefined,
      );
    }
  }
  for (let i = 0; i < SYMPATHISERS; i += 1) {
    const group = s.pick(GROUPS);
    make(s.pick(group.languages), 'sympathiser', group.slug);
  }
  while (personas.length < PERSONAS) make(s.weighted(LANGUAGE_WEIGHTS), 'bystander', null);

  // A follower graph: everyone follows a handful; members follow each other.
  const byId = new Map(personas.map((p) => [p.id, p]));
  for (const persona of personas) {
    const targets = s.sample(personas, s.range(3, 25)).filter((t) => t.id !== persona.id);
    if (persona.truth.group !== null) {
      targets.push(
        ...personas.filter((p) => p.truth.group === persona.truth.group && p.id !== persona.id),
      );
    }
    persona.following = [...new Set(targets.map((t) => t.id))];
  }
  for (const persona of personas) {
    for (const target of persona.following) byId.get(target)?.followers.push(persona.id);
  }
  return personas;
}

interface ChannelSpec {
  name: string;
  title: string;
  description: string;
  kind: Channel['kind'];
  language: Language;
  group: string | null;
  private: boolean;
}

const COMMUNITY: readonly ChannelSpec[] = [
  {
    name: 'portsallow_news',
    title: 'Port Sallow News',
    description: 'Local news for Port Sallow and Veldmar.',
    kind: 'channel',
    language: 'en',
    group: null,
    private: false,
  },
  {
    name: 'anselmbay_market',
    title: 'Anselm Bay Market',
    description: 'Buy, sell and swap around the bay.',
    kind: 'group',
    language: 'en',
    group: null,
    private: false,
  },
  {
    name: 'veldmar_neighbours',
    title: 'Veldmar Interfaith Neighbours',
    description: 'Neighbours of every faith sharing events and help.',
    kind: 'group',
    language: 'en',
    group: null,
    private: false,
  },
  {
    name: 'qasrnadim_today',
    title: 'قصر نديم اليوم',
    description: 'أخبار المدينة والطقس والرياضة.',
    kind: 'channel',
    language: 'ar',
    group: null,
    private: false,
  },
  {
    name: 'zarnigar_cricket',
    title: 'زرنگار کرکٹ',
    description: 'مقامی کرکٹ کی خبریں اور میچ۔',
    kind: 'channel',
    language: 'ur',
    group: null,
    private: false,
  },
  {
    name: 'kotasenja_info',
    title: 'Info Warga Kota Senja',
    description: 'Informasi warga Kota Senja Baru.',
    kind: 'channel',
    language: 'id',
    group: null,
    private: false,
  },
  {
    name: 'telukmeranti_bazar',
    title: 'Bazar Teluk Meranti',
    description: 'Jual beli di Teluk Meranti.',
    kind: 'group',
    language: 'ms',
    group: null,
    private: false,
  },
  {
    name: 'islamarivel_balita',
    title: 'Balita Isla Marivel',
    description: 'Balita at anunsyo ng Isla Marivel.',
    kind: 'channel',
    language: 'tl',
    group: null,
    private: false,
  },
];

export function buildChannels(s: Rng, personas: Persona[]): Channel[] {
  const specs: ChannelSpec[] = [...COMMUNITY];
  for (const group of GROUPS) {
    const language = group.languages[0] ?? 'en';
    specs.push({
      name: group.slug,
      title: group.name[language],
      description: group.slogan[language],
      kind: 'channel',
      language,
      group: group.slug,
      private: false,
    });
  }
  specs.push(
    {
      name: 'bbf_circle',
      title: 'The Inner Circle',
      description: 'Members only.',
      kind: 'group',
      language: 'en',
      group: 'blackbannerfront',
      private: true,
    },
    {
      name: 'tide_circle',
      title: 'Lingkaran Pasang',
      description: 'Khusus anggota.',
      kind: 'group',
      language: 'id',
      group: 'ashentide',
      private: true,
    },
  );
  const bystanders = personas.filter((p) => p.truth.role === 'bystander');
  return specs.map((spec) => {
    const owner =
      spec.group === null
        ? s.pick(bystanders.filter((p) => p.language === spec.language))
        : (personas.find((p) => p.truth.group === spec.group && p.truth.role === 'member') ??
          s.pick(personas));
    return {
      name: spec.name,
      title: spec.title,
      description: spec.description,
      kind: spec.kind,
      language: spec.language,
      ownerId: owner.id,
      private: spec.private,
      subscribers: s.range(40, 9000),
      synthetic: true,
      truth: { group: spec.group },
    };
  });
}
