/**
 * @module The invented world of the training range: fictional groups, slogans, places, names
 * and coded phrases. Nothing here names a real organisation or person (R23); place names are
 * invented for the range.
 */
import type { Language } from './vocab.js';

/** A fictional violent group of the range. */
export interface FictionalGroup {
  slug: string;
  name: Record<Language, string>;
  slogan: Record<Language, string>;
  hashtag: string;
  /** Languages its channel posts in. */
  languages: readonly Language[];
}

const same = (text: string): Record<Language, string> => ({
  en: text,
  ar: text,
  ur: text,
  id: text,
  ms: text,
  tl: text,
});

export const GROUPS: readonly FictionalGroup[] = [
  {
    slug: 'blackbannerfront',
    name: {
      ...same('Black Banner Front'),
      ar: 'جبهة الراية السوداء',
      ur: 'بلیک بینر فرنٹ',
      id: 'Front Panji Hitam',
      ms: 'Barisan Panji Hitam',
      tl: 'Prente ng Itim na Bandila',
    },
    slogan: {
      en: 'The banner never falls',
      ar: 'الراية لا تسقط أبداً',
      ur: 'پرچم کبھی نہیں گرتا',
      id: 'Panji tak pernah jatuh',
      ms: 'Panji tidak pernah jatuh',
      tl: 'Hindi kailanman babagsak ang bandila',
    },
    hashtag: 'BannerNeverFalls',
    languages: ['en', 'ar', 'ur'],
  },
  {
    slug: 'ashentide',
    name: {
      ...same('Ashen Tide Movement'),
      ar: 'حركة المد الرمادي',
      ur: 'راکھ کی لہر تحریک',
      id: 'Gerakan Gelombang Abu',
      ms: 'Gerakan Ombak Abu',
      tl: 'Kilusang Abong Alon',
    },
    slogan: {
      en: 'When the tide turns, the shore is ours',
      ar: 'حين ينقلب المد يصبح الشاطئ لنا',
      ur: 'جب لہر پلٹے گی، ساحل ہمارا ہوگا',
      id: 'Saat gelombang berbalik, pantai milik kita',
      ms: 'Bila ombak berpatah balik, pantai milik kita',
      tl: 'Pag bumaliktad ang alon, atin ang dalampasigan',
    },
    hashtag: 'AshenTide',
    languages: ['id', 'ms', 'en'],
  },
  {
    slug: 'veridanvanguard',
    name: {
      ...same('Veridan Liberation Vanguard'),
      ar: 'طليعة تحرير فيريدان',
      ur: 'ویریڈان لبریشن وینگارڈ',
      id: 'Garda Pembebasan Veridan',
      ms: 'Barisan Pembebasan Veridan',
      tl: 'Taliba ng Pagpapalaya ng Veridan',
    },
    slogan: {
      en: 'Veridan wakes, the tyrants sleep no more',
      ar: 'فيريدان تستيقظ ولن ينام الطغاة بعد اليوم',
      ur: 'ویریڈان جاگ رہا ہے، ظالم اب نہیں سوئیں گے',
      id: 'Veridan bangkit, para tiran tak akan tidur lagi',
      ms: 'Veridan bangkit, para zalim tidak akan tidur lagi',
      tl: 'Gising na ang Veridan, hindi na makakatulog ang mga tirano',
    },
    hashtag: 'VeridanWakes',
    languages: ['tl', 'en'],
  },
  {
    slug: 'dawncolumn',
    name: {
      ...same('Dawn Column of Korvath'),
      ar: 'رتل الفجر في كورفاث',
      ur: 'کورواتھ کا فجر دستہ',
      id: 'Barisan Fajar Korvath',
      ms: 'Kolum Fajar Korvath',
      tl: 'Hanay ng Bukang-liwayway ng Korvath',
    },
    slogan: {
      en: 'After the night, the column',
      ar: 'بعد الليل يأتي الرتل',
      ur: 'رات کے بعد دستہ آتا ہے',
      id: 'Setelah malam, datanglah barisan',
      ms: 'Selepas malam, datanglah kolum',
      tl: 'Pagkatapos ng gabi, ang hanay',
    },
    hashtag: 'DawnColumn',
    languages: ['ur', 'ar'],
  },
];

/** Invented places; the first few belong to each language's region of the fiction. */
export const PLACES: Record<Language, readonly string[]> = {
  en: ['Port Sallow', 'Veldmar', 'Greywick', 'Korvath Heights', 'Anselm Bay'],
  ar: ['قصر نديم', 'وادي الزيزفون', 'المرفأ القديم', 'تل السنابل', 'كورفاث'],
  ur: ['زرنگار ٹاؤن', 'نیلم آباد خرد', 'پرانا قلعہ چوک', 'کورواتھ', 'ساحل نگر'],
  id: ['Kota Senja Baru', 'Teluk Meranti Jaya', 'Desa Kabut Ungu', 'Pulau Lintang Kecil'],
  ms: ['Teluk Meranti', 'Bandar Puncak Embun', 'Kampung Sungai Kelam', 'Pekan Tanjung Serai'],
  tl: ['Isla Marivel', 'Bayan ng Veridan', 'San Lorenzo del Alon', 'Barrio Hiwaga'],
};

export const FIRST_NAMES: Record<Language, readonly string[]> = {
  en: [
    'Alex',
    'Jordan',
    'Sam',
    'Morgan',
    'Casey',
    'Riley',
    'Taylor',
    'Jamie',
    'Robin',
    'Avery',
    'Quinn',
    'Harper',
  ],
  ar: ['سالم', 'ليلى', 'يوسف', 'مريم', 'خالد', 'نور', 'عمر', 'هدى', 'طارق', 'سلمى', 'كريم', 'رنا'],
  ur: ['عمران', 'فاطمہ', 'بلال', 'عائشہ', 'حمزہ', 'صبا', 'فیصل', 'زینب', 'اسد', 'مہوش'],
  id: ['Budi', 'Sari', 'Agus', 'Dewi', 'Rizky', 'Putri', 'Hendra', 'Wulan', 'Fajar', 'Intan'],
  ms: ['Amir', 'Nurul', 'Hafiz', 'Aisyah', 'Faizal', 'Siti', 'Irfan', 'Liyana', 'Zul', 'Farah'],
  tl: ['Juan', 'Maria', 'Jose', 'Ana', 'Miguel', 'Rosa', 'Paolo', 'Liza', 'Carlo', 'Bea'],
};

export const LAST_NAMES: Record<Language, readonly string[]> = {
  en: ['Hale', 'Mercer', 'Quill', 'Ashby', 'Thorne', 'Vale', 'Pryce', 'Lark', 'Fenwick', 'Dunmore'],
  ar: ['الحداد', 'النجار', 'العطار', 'الصباغ', 'الخياط', 'البنا', 'الزيات', 'السقا'],
  ur: ['قریشی', 'ملک', 'چوہدری', 'شیخ', 'بٹ', 'مرزا', 'خان', 'رانا'],
  id: ['Santoso', 'Wijaya', 'Pratama', 'Lestari', 'Kusuma', 'Hidayat', 'Saputra', 'Nugroho'],
  ms: ['Rahman', 'Ismail', 'Yusof', 'Hashim', 'Osman', 'Salleh', 'Kassim', 'Latif'],
  tl: ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Garcia', 'Mendoza', 'Torres', 'Flores'],
};

/** Slot fillers for benign posts. */
export const FILLERS: Record<
  Language,
  Record<'team' | 'product' | 'dish' | 'day', readonly string[]>
> = {
  en: {
    team: ['Port Sallow Gulls', 'Veldmar Rovers', 'Greywick United', 'Anselm Bay Tigers'],
    product: ['mangoes', 'fish', 'bread', 'tomatoes', 'honey'],
    dish: ['lentil soup', 'fish curry', 'apple pie', 'flatbread'],
    day: ['Monday', 'Tuesday', 'Thursday', 'Saturday'],
  },
  ar: {
    team: ['نادي المرفأ', 'نجوم الوادي', 'شباب التل', 'صقور قصر نديم'],
    product: ['التمر', 'السمك', 'الخبز', 'الطماطم', 'العسل'],
    dish: ['المقلوبة', 'الكبسة', 'شوربة العدس', 'الفطائر'],
    day: ['الاثنين', 'الثلاثاء', 'الخميس', 'السبت'],
  },
  ur: {
    team: ['زرنگار لائنز', 'ساحل نگر ہاکس', 'قلعہ چوک کلب', 'نیلم آباد اسٹارز'],
    product: ['آم', 'مچھلی', 'روٹی', 'ٹماٹر', 'شہد'],
    dish: ['بریانی', 'دال', 'کھیر', 'پلاؤ'],
    day: ['پیر', 'منگل', 'جمعرات', 'ہفتہ'],
  },
  id: {
    team: ['Persenja', 'Meranti FC', 'Kabut Ungu United', 'Lintang Muda'],
    product: ['mangga', 'ikan', 'roti', 'tomat', 'madu'],
    dish: ['rendang', 'soto ayam', 'nasi goreng', 'gado-gado'],
    day: ['Senin', 'Selasa', 'Kamis', 'Sabtu'],
  },
  ms: {
    team: ['Harimau Meranti', 'Puncak Embun FC', 'Sungai Kelam United', 'Serai Rangers'],
    product: ['durian', 'ikan', 'roti', 'tomato', 'madu'],
    dish: ['nasi lemak', 'laksa', 'rendang', 'kuih lapis'],
    day: ['Isnin', 'Selasa', 'Khamis', 'Sabtu'],
  },
  tl: {
    team: ['Marivel Sharks', 'Veridan Eagles', 'San Lorenzo Kings', 'Hiwaga Stars'],
    product: ['mangga', 'isda', 'pandesal', 'kamatis', 'pulot'],
    dish: ['adobo', 'sinigang', 'pancit', 'lechon kawali'],
    day: ['Lunes', 'Martes', 'Huwebes', 'Sabado'],
  },
};

/** Coded phrases the fictional groups use for "joining" (recruitment) in each language. */
export const CODED: Record<Language, readonly string[]> = {
  en: ['join the caravan', 'help with the harvest', 'carry an umbrella'],
  ar: ['يلتحق بالقافلة', 'يشارك في الحصاد', 'يحمل مظلة'],
  ur: ['قافلے میں شامل ہونا', 'فصل کی کٹائی میں ہاتھ بٹانا', 'چھتری اٹھانا'],
  id: ['ikut kafilah', 'bantu panen', 'bawa payung'],
  ms: ['ikut kafilah', 'bantu menuai', 'bawa payung'],
  tl: ['sumama sa karaban', 'tumulong sa ani', 'magdala ng payong'],
};

export const BENIGN_HASHTAGS: Record<Language, readonly string[]> = {
  en: ['PortSallow', 'matchday', 'foodie', 'traffic', 'community', 'weekend'],
  ar: ['قصر_نديم', 'كرة_القدم', 'مطبخ', 'جمعة_مباركة', 'طقس'],
  ur: ['کرکٹ', 'زرنگار', 'کھانا', 'جمعہ_مبارک', 'موسم'],
  id: ['KotaSenja', 'bola', 'kuliner', 'macet', 'infoWarga'],
  ms: ['TelukMeranti', 'bolasepak', 'makan', 'cuaca', 'jiran'],
  tl: ['IslaMarivel', 'basketbol', 'pagkain', 'trapik', 'bayanihan'],
};
