init
write .kiro/specs/checkout/requirements.md '# Requirements
'
write .kiro/specs/cart/requirements.md '# Requirements
'
write 'app/[locale]/checkout/page.tsx' 'export {};
'
write 'app/(shop)/cart/page.tsx' 'export {};
'
commit "Next.js app router"
