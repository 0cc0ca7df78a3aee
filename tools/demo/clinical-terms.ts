/** The SNOMED CT and dm+d terms the journey uses (the medicines are in medications' ingredient table). */
export const PENICILLIN = { conceptId: '764146007', term: 'Penicillin' };
export const URTICARIA = { conceptId: '126485001', term: 'Urticaria' };
export const UREA_AND_ELECTROLYTES = { conceptId: '1000981000000109', term: 'Urea and electrolytes' };
export const SERUM_POTASSIUM = { conceptId: '1000651000000109', term: 'Serum potassium level' };

export const TRIMETHOPRIM = { dmdId: '41956211000001109', term: 'Trimethoprim 200mg tablets' };
export const PARACETAMOL = { dmdId: '322236009', term: 'Paracetamol 500mg tablets' };
export const SIMVASTATIN = { dmdId: '320000009', term: 'Simvastatin 40mg tablets' };
