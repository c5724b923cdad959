/**
 * @module Text templates of the fictional groups' content, one set per category and language.
 * Written for the range: they carry the signals investigators look for (group names, slogans,
 * invite links, wallets, contacts, coded language) and nothing operational — training and
 * target details are always shown as a withheld placeholder (ARCHITECTURE.md, trust and safety).
 * Slots: {group} {slogan} {place} {invite} {whatsapp} {wallet} {wallet2} {phone} {email}
 * {handle} {short} {paste} {file} {donate} {code} {n}.
 */
import type { Category, Language } from './vocab.js';

export const FLAGGED_TEMPLATES: Record<Category, Record<Language, readonly string[]>> = {
  recruitment: {
    en: [
      'The {group} is calling the young people of {place} who are tired of watching. Our door is open: {invite} — {slogan}',
      'Brothers and sisters, the caravan leaves soon. Want to {code}? Ask for {handle} or join {whatsapp}',
      'A new circle is forming in {place}. Serious people only. Call {phone} or write to {email}. {slogan}',
    ],
    ar: [
      'يدعو {group} شباب {place} الذين سئموا الانتظار. بابنا مفتوح: {invite} — {slogan}',
      'أيها الإخوة، القافلة تنطلق قريباً. من أراد أن {code} فليتواصل مع {handle} أو عبر {whatsapp}',
      'حلقة جديدة تتشكل في {place}. للجادين فقط. اتصل على {phone} أو راسل {email}',
    ],
    ur: [
      '{group} {place} کے ان نوجوانوں کو بلا رہا ہے جو صرف تماشا دیکھتے تھک گئے ہیں۔ ہمارا دروازہ کھلا ہے: {invite} — {slogan}',
      'بھائیو، قافلہ جلد روانہ ہو رہا ہے۔ جو {code} چاہتا ہے وہ {handle} سے رابطہ کرے یا {whatsapp}',
      '{place} میں نیا حلقہ بن رہا ہے۔ صرف سنجیدہ لوگ۔ رابطہ: {phone} یا {email}',
    ],
    id: [
      '{group} memanggil pemuda-pemudi {place} yang sudah lelah hanya menonton. Pintu kami terbuka: {invite} — {slogan}',
      'Saudara-saudara, kafilah segera berangkat. Mau {code}? Hubungi {handle} atau gabung {whatsapp}',
      'Lingkaran baru dibentuk di {place}. Hanya yang serius. Hubungi {phone} atau tulis ke {email}.',
    ],
    ms: [
      '{group} menyeru anak muda {place} yang sudah penat hanya melihat. Pintu kami terbuka: {invite} — {slogan}',
      'Saudara saudari, kafilah akan bertolak tidak lama lagi. Nak {code}? Hubungi {handle} atau sertai {whatsapp}',
      'Bulatan baharu sedang dibentuk di {place}. Yang serius sahaja. Hubungi {phone} atau emel {email}.',
    ],
    tl: [
      'Tinatawag ng {group} ang mga kabataan ng {place} na pagod na sa panonood lang. Bukas ang pinto namin: {invite} — {slogan}',
      'Mga kapatid, aalis na ang karaban. Gusto mong {code}? Kontakin si {handle} o sumali sa {whatsapp}',
      'May bagong bilog sa {place}. Seryoso lang. Tumawag sa {phone} o mag-email sa {email}.',
    ],
  },
  financing: {
    en: [
      'The families of {place} need your support. Every coin counts. BTC: {wallet} | ETH: {wallet2} — {slogan}',
      "Help us buy 'school supplies' for the {group} orphans. Send to {wallet}. Questions: {email}",
      'Our donation page is up again: {donate} — share it before they take it down.',
    ],
    ar: [
      'أسر {place} بحاجة إلى دعمكم. كل قطعة نقدية مهمة. BTC: {wallet} | ETH: {wallet2} — {slogan}',
      "ساعدونا في شراء 'اللوازم المدرسية' لأيتام {group}. أرسلوا إلى {wallet}. للاستفسار: {email}",
      'صفحة التبرعات عادت من جديد: {donate} — انشروها قبل أن يحذفوها.',
    ],
    ur: [
      '{place} کے خاندانوں کو آپ کی مدد چاہیے۔ ہر سکہ اہم ہے۔ BTC: {wallet} | ETH: {wallet2} — {slogan}',
      "{group} کے یتیموں کے لیے 'اسکول کا سامان' خریدنے میں مدد کریں۔ بھیجیں: {wallet}۔ سوالات: {email}",
      'عطیات کا صفحہ پھر سے موجود ہے: {donate} — حذف ہونے سے پہلے شیئر کریں۔',
    ],
    id: [
      'Keluarga di {place} butuh bantuanmu. Setiap koin berarti. BTC: {wallet} | ETH: {wallet2} — {slogan}',
      "Bantu kami membeli 'perlengkapan sekolah' untuk anak yatim {group}. Kirim ke {wallet}. Tanya: {email}",
      'Halaman donasi aktif lagi: {donate} — sebarkan sebelum dihapus.',
    ],
    ms: [
      'Keluarga di {place} perlukan sokongan anda. Setiap syiling bermakna. BTC: {wallet} | ETH: {wallet2} — {slogan}',
      "Bantu kami beli 'alat tulis sekolah' untuk anak yatim {group}. Hantar ke {wallet}. Pertanyaan: {email}",
      'Halaman derma aktif semula: {donate} — kongsikan sebelum dipadam.',
    ],
    tl: [
      'Kailangan ng mga pamilya sa {place} ang tulong mo. Mahalaga ang bawat barya. BTC: {wallet} | ETH: {wallet2} — {slogan}',
      "Tulungan kaming bumili ng 'gamit pang-eskwela' para sa mga ulila ng {group}. Ipadala sa {wallet}. Tanong: {email}",
      'Bukas ulit ang donation page namin: {donate} — i-share bago nila burahin.',
    ],
  },
  propaganda: {
    en: [
      '{slogan}. The {group} remembers every fallen son of {place}.',
      'They call us criminals. History will call us the dawn. {group} — {slogan}',
      'New release from the {group} media office. Read it before it vanishes: {short}',
    ],
    ar: [
      '{slogan}. {group} لا ينسى أبناء {place} الذين سقطوا.',
      'يسموننا مجرمين، وسيسمينا التاريخ الفجر. {group} — {slogan}',
      'إصدار جديد من المكتب الإعلامي لـ{group}. اقرأه قبل أن يختفي: {short}',
    ],
    ur: [
      '{slogan}۔ {group} {place} کے ہر گرنے والے بیٹے کو یاد رکھتا ہے۔',
      'وہ ہمیں مجرم کہتے ہیں، تاریخ ہمیں سحر کہے گی۔ {group} — {slogan}',
      '{group} کے میڈیا دفتر کی نئی اشاعت۔ غائب ہونے سے پہلے پڑھیں: {short}',
    ],
    id: [
      '{slogan}. {group} mengenang setiap putra {place} yang gugur.',
      'Mereka menyebut kami penjahat. Sejarah akan menyebut kami fajar. {group} — {slogan}',
      'Rilisan baru dari kantor media {group}. Baca sebelum hilang: {short}',
    ],
    ms: [
      '{slogan}. {group} mengenang setiap anak {place} yang gugur.',
      'Mereka gelar kami penjenayah. Sejarah akan gelar kami fajar. {group} — {slogan}',
      'Terbitan baharu pejabat media {group}. Baca sebelum hilang: {short}',
    ],
    tl: [
      '{slogan}. Inaalala ng {group} ang bawat anak ng {place} na nasawi.',
      'Tinatawag nila kaming kriminal. Tatawagin kami ng kasaysayan na bukang-liwayway. {group} — {slogan}',
      'Bagong labas mula sa media office ng {group}. Basahin bago mawala: {short}',
    ],
  },
  training: {
    en: [
      '[TRAINING MATERIAL — PLACEHOLDER: no instructions are shown on the Vigil training range] Part {n} of the {group} "field notebook" is ready. Download: {file}',
      'Lesson {n} for the new circle: [PLACEHOLDER — training content withheld by the range]. Ask {handle} for the password.',
    ],
    ar: [
      '[مادة تدريبية — نص بديل: لا تُعرض أي تعليمات في ميدان تدريب Vigil] الجزء {n} من "دفتر الميدان" لـ{group} جاهز. التحميل: {file}',
      'الدرس {n} للحلقة الجديدة: [نص بديل — المحتوى التدريبي محجوب]. اطلبوا كلمة السر من {handle}.',
    ],
    ur: [
      '[تربیتی مواد — متبادل متن: Vigil تربیتی میدان پر کوئی ہدایات نہیں دکھائی جاتیں] {group} کی "فیلڈ نوٹ بک" کا حصہ {n} تیار ہے۔ ڈاؤن لوڈ: {file}',
      'نئے حلقے کے لیے سبق {n}: [متبادل متن — تربیتی مواد روک دیا گیا]۔ پاس ورڈ کے لیے {handle} سے پوچھیں۔',
    ],
    id: [
      '[MATERI PELATIHAN — PLACEHOLDER: tidak ada instruksi di arena latihan Vigil] Bagian {n} dari "buku lapangan" {group} sudah siap. Unduh: {file}',
      'Pelajaran {n} untuk lingkaran baru: [PLACEHOLDER — konten pelatihan disembunyikan]. Minta kata sandi ke {handle}.',
    ],
    ms: [
      '[BAHAN LATIHAN — PLACEHOLDER: tiada arahan dipaparkan di gelanggang latihan Vigil] Bahagian {n} "buku lapangan" {group} sudah siap. Muat turun: {file}',
      'Pelajaran {n} untuk bulatan baharu: [PLACEHOLDER — kandungan latihan disembunyikan]. Minta kata laluan daripada {handle}.',
    ],
    tl: [
      '[MATERYAL PANGSANAY — PLACEHOLDER: walang instruksiyong ipinapakita sa Vigil training range] Handa na ang bahagi {n} ng "field notebook" ng {group}. I-download: {file}',
      'Aralin {n} para sa bagong bilog: [PLACEHOLDER — nakatago ang nilalaman ng pagsasanay]. Hingin kay {handle} ang password.',
    ],
  },
  incitement: {
    en: [
      'The traitors who run {place} have had their warning. The tide is coming for them. {slogan}',
      'Whoever stands with the council of {place} stands against us. They will not sleep easy. {group}',
    ],
    ar: [
      'الخونة الذين يحكمون {place} تلقوا تحذيرهم. المد قادم إليهم. {slogan}',
      'من يقف مع مجلس {place} يقف ضدنا. لن يناموا مرتاحين. {group}',
    ],
    ur: [
      '{place} پر حکومت کرنے والے غداروں کو خبردار کر دیا گیا ہے۔ لہر ان کی طرف آ رہی ہے۔ {slogan}',
      'جو {place} کی کونسل کے ساتھ کھڑا ہے وہ ہمارے خلاف ہے۔ وہ چین سے نہیں سوئیں گے۔ {group}',
    ],
    id: [
      'Para pengkhianat yang menguasai {place} sudah diperingatkan. Gelombang datang untuk mereka. {slogan}',
      'Siapa pun yang berdiri bersama dewan {place} berdiri melawan kami. Mereka tak akan tidur tenang. {group}',
    ],
    ms: [
      'Pengkhianat yang memerintah {place} sudah diberi amaran. Ombak datang untuk mereka. {slogan}',
      'Sesiapa yang bersama majlis {place} menentang kami. Mereka tidak akan tidur lena. {group}',
    ],
    tl: [
      'Nabigyan na ng babala ang mga traydor na namamahala sa {place}. Darating ang alon para sa kanila. {slogan}',
      'Sinumang kakampi ng konseho ng {place} ay kalaban namin. Hindi sila makakatulog nang mahimbing. {group}',
    ],
  },
  information_gathering: {
    en: [
      'Friends in {place}: note when the [SITE WITHHELD] gates open and close this week and send it to {handle}. Quietly.',
      'Need photos of the [SITE WITHHELD] near {place}, from the road only. Upload here: {paste} or mail {email}',
      'Who knows the daily routine of the [OFFICIAL WITHHELD] in {place}? Message {handle}. We {code} soon.',
    ],
    ar: [
      'أصدقاءنا في {place}: سجلوا مواعيد فتح وإغلاق بوابات [موقع محجوب] هذا الأسبوع وأرسلوها إلى {handle}. بهدوء.',
      'نحتاج صوراً لـ[موقع محجوب] قرب {place}، من الطريق فقط. ارفعوها هنا: {paste} أو راسلوا {email}',
    ],
    ur: [
      '{place} کے دوستو: اس ہفتے [مقام پوشیدہ] کے دروازے کب کھلتے اور بند ہوتے ہیں، نوٹ کر کے {handle} کو بھیجیں۔ خاموشی سے۔',
      '{place} کے قریب [مقام پوشیدہ] کی تصاویر چاہئیں، صرف سڑک سے۔ یہاں اپ لوڈ کریں: {paste} یا ای میل {email}',
    ],
    id: [
      'Kawan-kawan di {place}: catat kapan gerbang [LOKASI DISEMBUNYIKAN] buka dan tutup minggu ini, kirim ke {handle}. Diam-diam.',
      'Butuh foto [LOKASI DISEMBUNYIKAN] dekat {place}, dari jalan saja. Unggah di sini: {paste} atau email {email}',
    ],
    ms: [
      'Kawan-kawan di {place}: catat bila pintu pagar [LOKASI DISEMBUNYIKAN] dibuka dan ditutup minggu ini, hantar kepada {handle}. Senyap-senyap.',
      'Perlukan gambar [LOKASI DISEMBUNYIKAN] dekat {place}, dari jalan sahaja. Muat naik di sini: {paste} atau emel {email}',
    ],
    tl: [
      'Mga kaibigan sa {place}: itala kung kailan bumubukas at sumasara ang gate ng [LOKASYONG NAKATAGO] ngayong linggo at ipadala kay {handle}. Tahimik lang.',
      'Kailangan ng litrato ng [LOKASYONG NAKATAGO] malapit sa {place}, mula sa kalsada lang. I-upload dito: {paste} o mag-email sa {email}',
    ],
  },
};

/** Poster headlines of the fictional groups' propaganda (text inside images). */
export const POSTER_LINES: Record<Language, readonly string[]> = {
  en: ['JOIN THE FRONT', 'THE DAWN IS COMING', 'STAND WITH US'],
  ar: ['انضم إلى الجبهة', 'الفجر قادم', 'قف معنا'],
  ur: ['محاذ میں شامل ہوں', 'سحر آنے والی ہے', 'ہمارے ساتھ کھڑے ہوں'],
  id: ['BERGABUNGLAH', 'FAJAR AKAN TIBA', 'BERDIRI BERSAMA KAMI'],
  ms: ['SERTAI KAMI', 'FAJAR AKAN TIBA', 'BERSAMA KAMI'],
  tl: ['SUMAMA KA', 'PARATING NA ANG BUKANG-LIWAYWAY', 'MANINDIGAN KASAMA NAMIN'],
};

/** Poster headlines of benign images (events, markets, sports). */
export const BENIGN_POSTER_LINES: Record<Language, readonly string[]> = {
  en: ['NIGHT MARKET SATURDAY', 'CUP FINAL TONIGHT', 'BOOK FAIR'],
  ar: ['سوق ليلي يوم السبت', 'نهائي الكأس الليلة', 'معرض الكتاب'],
  ur: ['ہفتے کو رات کا بازار', 'آج رات کپ فائنل', 'کتاب میلہ'],
  id: ['PASAR MALAM SABTU', 'FINAL PIALA MALAM INI', 'PAMERAN BUKU'],
  ms: ['PASAR MALAM SABTU', 'FINAL PIALA MALAM INI', 'PESTA BUKU'],
  tl: ['NIGHT MARKET SA SABADO', 'FINALS MAMAYANG GABI', 'BOOK FAIR'],
};
