// Tax ID formats the emulator checks, one per type (and per country for `eu_vat`). Pure: the REST/browser API and
// the stand-in's Tax ID Element share it.
//
// Stripe documents each supported type with a country, a description and an example value (the "Supported tax ID
// types" table, https://docs.stripe.com/billing/customer/tax-ids#supported-tax-id, also linked from
// https://docs.stripe.com/tax/checkout/tax-ids). It does not publish its format rules, so each pattern here is the
// shape of that documented example (digits where it has digits, its letters and separators where it has them);
// Stripe's asynchronous verification against government registries (VIES, HMRC, ABR) is not emulated. Types the
// table below lacks are accepted on their type alone. Both are listed in FIDELITY.md.

/**
 * The tax ID types `updateTaxIdInfo()` accepts: @stripe/stripe-js 10.2.1 `StripeCheckoutTaxIdType` (the stand-in's
 * session-mapper.ts checks at compile time that this list and that type agree).
 */
export const CHECKOUT_TAX_ID_TYPES = [
  'ad_nrt',
  'ae_trn',
  'al_tin',
  'am_tin',
  'ao_tin',
  'ar_cuit',
  'au_abn',
  'au_arn',
  'ba_tin',
  'bb_tin',
  'bg_uic',
  'bh_vat',
  'bo_tin',
  'br_cnpj',
  'br_cpf',
  'bs_tin',
  'by_tin',
  'ca_bn',
  'ca_gst_hst',
  'ca_pst_bc',
  'ca_pst_mb',
  'ca_pst_sk',
  'ca_qst',
  'cd_nif',
  'ch_uid',
  'ch_vat',
  'cl_tin',
  'cn_tin',
  'co_nit',
  'cr_tin',
  'de_stn',
  'do_rcn',
  'ec_ruc',
  'eg_tin',
  'es_cif',
  'eu_oss_vat',
  'eu_vat',
  'gb_vat',
  'ge_vat',
  'gn_nif',
  'hk_br',
  'hr_oib',
  'hu_tin',
  'ic_nif',
  'id_npwp',
  'il_vat',
  'in_gst',
  'is_vat',
  'jp_cn',
  'jp_rn',
  'jp_trn',
  'ke_pin',
  'kh_tin',
  'kr_brn',
  'kz_bin',
  'li_uid',
  'li_vat',
  'lk_vat',
  'ma_vat',
  'md_vat',
  'me_pib',
  'mk_vat',
  'mr_nif',
  'mx_rfc',
  'my_frp',
  'my_itn',
  'my_sst',
  'ng_tin',
  'no_vat',
  'no_voec',
  'np_pan',
  'nz_gst',
  'om_vat',
  'pe_ruc',
  'ph_tin',
  'ro_tin',
  'rs_pib',
  'ru_inn',
  'ru_kpp',
  'sa_vat',
  'sg_gst',
  'sg_uen',
  'si_tin',
  'sn_ninea',
  'sr_fin',
  'sv_nit',
  'th_vat',
  'tj_tin',
  'tr_tin',
  'tw_vat',
  'tz_vat',
  'ua_vat',
  'ug_tin',
  'us_ein',
  'uy_ruc',
  'uz_tin',
  'uz_vat',
  've_rif',
  'vn_tin',
  'za_vat',
  'zm_tin',
  'zw_tin',
] as const;

export interface TaxIdFormat {
  /** Stripe's type, as `customer_details.tax_ids[].type` and Stripe.js `taxIdInfo.taxId.type` name it. */
  type: string;
  /** ISO country (EU VAT numbers: the member state; `EL` is Greece's VAT prefix). */
  country: string;
  description: string;
  /** Stripe's documented example. */
  example: string;
  pattern: RegExp;
  /**
   * The Tax ID Element's own name for it (@stripe/stripe-js `TaxIdType`: `de_vat` for a German `eu_vat`), or null
   * when the Tax ID Element does not offer this type.
   */
  elementType: string | null;
}

const EU_VAT: readonly [
  country: string,
  prefix: string,
  example: string,
  pattern: RegExp,
  element: string,
][] = [
  ['AT', 'AT', 'ATU12345678', /^ATU\d{8}$/, 'at_vat'],
  ['BE', 'BE', 'BE0123456789', /^BE[01]\d{9}$/, 'be_vat'],
  ['BG', 'BG', 'BG0123456789', /^BG\d{9,10}$/, 'bg_vat'],
  ['HR', 'HR', 'HR12345678912', /^HR\d{11}$/, 'hr_vat'],
  ['CY', 'CY', 'CY12345678Z', /^CY\d{8}[A-Z]$/, 'cy_vat'],
  ['CZ', 'CZ', 'CZ1234567890', /^CZ\d{8,10}$/, 'cz_vat'],
  ['DK', 'DK', 'DK12345678', /^DK\d{8}$/, 'dk_vat'],
  ['EE', 'EE', 'EE123456789', /^EE\d{9}$/, 'ee_vat'],
  ['FI', 'FI', 'FI12345678', /^FI\d{8}$/, 'fi_vat'],
  ['FR', 'FR', 'FRAB123456789', /^FR[0-9A-Z]{2}\d{9}$/, 'fr_vat'],
  ['DE', 'DE', 'DE123456789', /^DE\d{9}$/, 'de_vat'],
  ['GR', 'EL', 'EL123456789', /^EL\d{9}$/, 'gr_vat'],
  ['HU', 'HU', 'HU12345678912', /^HU\d{8}(\d{3})?$/, 'hu_vat'],
  ['IE', 'IE', 'IE1234567AB', /^IE\d{7}[A-Z]{1,2}$/, 'ie_vat'],
  ['IT', 'IT', 'IT12345678912', /^IT\d{11}$/, 'it_vat'],
  ['LV', 'LV', 'LV12345678912', /^LV\d{11}$/, 'lv_vat'],
  ['LT', 'LT', 'LT123456789123', /^LT(\d{9}|\d{12})$/, 'lt_vat'],
  ['LU', 'LU', 'LU12345678', /^LU\d{8}$/, 'lu_vat'],
  ['MT', 'MT', 'MT12345678', /^MT\d{8}$/, 'mt_vat'],
  ['NL', 'NL', 'NL123456789B12', /^NL\d{9}B\d{2}$/, 'nl_vat'],
  ['PL', 'PL', 'PL1234567890', /^PL\d{10}$/, 'pl_vat'],
  ['PT', 'PT', 'PT123456789', /^PT\d{9}$/, 'pt_vat'],
  ['RO', 'RO', 'RO1234567891', /^RO\d{2,10}$/, 'ro_vat'],
  ['SK', 'SK', 'SK1234567891', /^SK\d{10}$/, 'sk_vat'],
  ['SI', 'SI', 'SI12345678', /^SI\d{8}$/, 'si_vat'],
  ['ES', 'ES', 'ESA1234567Z', /^ES[A-Z0-9]\d{7}[A-Z0-9]$/, 'es_vat'],
  ['SE', 'SE', 'SE123456789123', /^SE\d{12}$/, 'se_vat'],
  ['XI', 'XI', 'XI123456789', /^XI\d{9}$/, 'xi_vat'],
];

const OTHER: readonly TaxIdFormat[] = [
  ['gb_vat', 'GB', 'United Kingdom VAT number', 'GB123456789', /^GB\d{9}(\d{3})?$/, 'gb_vat'],
  [
    'eu_oss_vat',
    'EU',
    'European One Stop Shop VAT number for non-Union scheme',
    'EU123456789',
    /^EU\d{9}$/,
    null,
  ],
  [
    'ch_vat',
    'CH',
    'Switzerland VAT number',
    'CHE-123.456.789 MWST',
    /^CHE-\d{3}\.\d{3}\.\d{3} (MWST|TVA|IVA)$/,
    'ch_vat',
  ],
  ['no_vat', 'NO', 'Norwegian VAT number', '123456789MVA', /^\d{9}MVA$/, 'no_vat'],
  ['us_ein', 'US', 'United States EIN', '12-3456789', /^\d{2}-\d{7}$/, null],
  ['ca_bn', 'CA', 'Canadian BN', '123456789', /^\d{9}$/, 'ca_bn'],
  ['ca_gst_hst', 'CA', 'Canadian GST/HST number', '123456789RT0002', /^\d{9}RT\d{4}$/, 'ca_gst_hst'],
  [
    'ca_pst_bc',
    'CA',
    'Canadian PST number (British Columbia)',
    'PST-1234-5678',
    /^PST-\d{4}-\d{4}$/,
    'ca_pst_bc',
  ],
  ['ca_pst_mb', 'CA', 'Canadian PST number (Manitoba)', '123456-7', /^\d{6}-\d$/, 'ca_pst_mb'],
  ['ca_pst_sk', 'CA', 'Canadian PST number (Saskatchewan)', '1234567', /^\d{7}$/, 'ca_pst_sk'],
  ['ca_qst', 'CA', 'Canadian QST number (Québec)', '1234567890TQ1234', /^\d{10}TQ\d{4}$/, 'ca_qst'],
  ['au_abn', 'AU', 'Australian Business Number (AU ABN)', '12345678912', /^\d{11}$/, 'au_abn'],
  ['au_arn', 'AU', 'Australian Taxation Office Reference Number', '123456789123', /^\d{12}$/, null],
  ['nz_gst', 'NZ', 'New Zealand GST number', '123456789', /^\d{8,9}$/, 'nz_gst'],
  [
    'in_gst',
    'IN',
    'Indian GST number',
    '12ABCDE3456FGZH',
    /^\d{2}[A-Z]{5}\d{4}[A-Z][0-9A-Z]Z[0-9A-Z]$/,
    'in_gst',
  ],
  ['jp_trn', 'JP', 'Japanese Tax Registration Number', 'T1234567891234', /^T\d{13}$/, null],
  ['sg_gst', 'SG', 'Singaporean GST', 'M12345678X', /^M\d{8}[A-Z]$/, 'sg_gst'],
  ['za_vat', 'ZA', 'South African VAT number', '4123456789', /^4\d{9}$/, 'za_vat'],
  ['ae_trn', 'AE', 'United Arab Emirates TRN', '123456789012345', /^\d{15}$/, 'ae_trn'],
  ['mx_rfc', 'MX', 'Mexican RFC number', 'ABC010203AB9', /^[A-Z&Ñ]{3,4}\d{6}[A-Z0-9]{3}$/, 'mx_rfc'],
  [
    'br_cnpj',
    'BR',
    'Brazilian CNPJ number',
    '01.234.456/5432-10',
    /^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/,
    null,
  ],
  ['br_cpf', 'BR', 'Brazilian CPF number', '123.456.789-87', /^\d{3}\.\d{3}\.\d{3}-\d{2}$/, null],
  ['cl_tin', 'CL', 'Chilean TIN', '12.345.678-K', /^\d{1,2}\.\d{3}\.\d{3}-[\dK]$/, 'cl_tin'],
  [
    'es_cif',
    'ES',
    'Spanish NIF number (previously Spanish CIF number)',
    'A12345678',
    /^[A-Z]\d{8}$/,
    'es_cif',
  ],
  ['bg_uic', 'BG', 'Bulgaria Unified Identification Code', '123456789', /^\d{9}$/, null],
  ['ge_vat', 'GE', 'Georgian VAT', '123456789', /^\d{9}$/, 'ge_vat'],
].map(([type, country, description, example, pattern, elementType]) => ({
  type: type as string,
  country: country as string,
  description: description as string,
  example: example as string,
  pattern: pattern as RegExp,
  elementType: elementType as string | null,
}));

/** Every format the emulator checks: the EU VAT numbers per member state, then the other types. */
export const TAX_ID_FORMATS: readonly TaxIdFormat[] = [
  ...EU_VAT.map(([country, , example, pattern, elementType]) => ({
    type: 'eu_vat',
    country,
    description: 'European VAT number',
    example,
    pattern,
    elementType,
  })),
  ...OTHER,
];

/** Types whose examples carry no space: spaces a buyer types between digit groups are not part of the number. */
function normalise(type: string, value: string): string {
  const upper = value.trim().toUpperCase();
  return type === 'ch_vat' ? upper.replace(/\s+/g, ' ') : upper.replace(/\s+/g, '');
}

export type TaxIdCheck =
  | { ok: true; value: string; format: TaxIdFormat | null }
  | { ok: false; message: string };

/**
 * Whether `value` is a well-formed tax ID of `type`. Returns the normalised value (upper case, no spaces between
 * digit groups). `eu_vat` numbers match the member state their prefix names.
 */
export function checkTaxId(type: string, value: string): TaxIdCheck {
  const normalised = normalise(type, value);
  if (!normalised) return { ok: false, message: 'Enter a tax ID.' };
  const formats = TAX_ID_FORMATS.filter((format) => format.type === type);
  if (formats.length === 0) return { ok: true, value: normalised, format: null };
  const match = formats.find((format) => format.pattern.test(normalised));
  if (match) return { ok: true, value: normalised, format: match };
  const examples =
    type === 'eu_vat'
      ? `a country prefix and its number, e.g. ${formats
          .map((f) => f.example)
          .slice(0, 3)
          .join(', ')}`
      : formats[0]!.example;
  return {
    ok: false,
    message: `${normalised} is not a valid ${formats[0]!.description} (${type}); expected a value like ${examples}.`,
  };
}

/** The Stripe type and format behind a Tax ID Element type (`de_vat` → `eu_vat` for DE). */
export function formatForElementType(elementType: string): TaxIdFormat | undefined {
  return TAX_ID_FORMATS.find((format) => format.elementType === elementType);
}
